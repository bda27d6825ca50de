// Names shared by the prelude (which defines them) and the analysis (which
// recognises them).  The nested pass sees the GCC-TM keywords as macros that
// expand to ordinary C built from these names; see docs/PLUGIN.md.
#ifndef STMPASS_MARKERS_H
#define STMPASS_MARKERS_H

namespace stmpass {

enum class TxKind { Atomic = 0, Relaxed = 1, Plain = 2 }; // Plain = __transaction
constexpr unsigned NumTxKinds = 3;

// The user-visible keywords, indexed by TxKind.
constexpr const char *KeywordName[NumTxKinds] = {
    "__transaction_atomic", "__transaction_relaxed", "__transaction"};
constexpr const char *CancelKeyword = "__transaction_cancel";

// Statement form: `if (<StmtMarker>(), 1) <compound-statement>`.
constexpr const char *StmtMarker[NumTxKinds] = {"__stmpass_ta", "__stmpass_tr",
                                                "__stmpass_t"};
// Expression form: `(<ExprMarker>(), (<expression>))`.
constexpr const char *ExprMarker[NumTxKinds] = {"__stmpass_xa", "__stmpass_xr",
                                                "__stmpass_x"};
// `if (__stmpass_cancel(), 1) ;` -- the user's `;` or `[[outer]];` follows.
constexpr const char *CancelMarker = "__stmpass_cancel";

// Each keyword expands to its dispatcher, whose definition the keyword
// watcher switches per occurrence between the statement macro and the
// function-like expression macro.
constexpr const char *Dispatcher[NumTxKinds] = {"__stmpass_d_ta", "__stmpass_d_tr",
                                                "__stmpass_d_t"};
constexpr const char *DispatchToStmt[NumTxKinds] = {"__stmpass_ds_ta", "__stmpass_ds_tr",
                                                    "__stmpass_ds_t"};
constexpr const char *DispatchToExpr[NumTxKinds] = {"__stmpass_de_ta", "__stmpass_de_tr",
                                                    "__stmpass_de_t"};
constexpr const char *StmtMacro[NumTxKinds] = {"__stmpass_s_ta", "__stmpass_s_tr",
                                               "__stmpass_s_t"};
constexpr const char *ExprMacro[NumTxKinds] = {"__stmpass_e_ta", "__stmpass_e_tr",
                                               "__stmpass_e_t"};

} // namespace stmpass

#endif
