// Edits to the expanded token stream.  A replacement covers a token range;
// an enclosing construct is rewritten after its parts and embeds their
// rewritten text (Printer::render), so the outermost replacement of a
// range is the one printed.  Insertions sit between tokens (statement-level
// text such as a commit before a closing brace).
#ifndef STMPASS_EDITS_H
#define STMPASS_EDITS_H

#include <map>
#include <string>

namespace stmpass {

class Edits {
public:
  // Replace tokens [B, E] (inclusive) by Text; a later replacement of the
  // same range overrides.
  void replace(unsigned B, unsigned E, std::string Text) { Repl[B][E] = std::move(Text); }
  void insertBefore(unsigned I, const std::string &Text) { Before[I] += Text; }
  void insertAfter(unsigned I, const std::string &Text) { After[I] = Text + After[I]; }

  // The widest replacement starting at B that ends at or before Limit.
  const std::pair<const unsigned, std::string> *replacementAt(unsigned B, unsigned Limit) const;
  const std::string *before(unsigned I) const;
  const std::string *after(unsigned I) const;
  bool empty() const { return Repl.empty() && Before.empty() && After.empty(); }

private:
  std::map<unsigned, std::map<unsigned, std::string>> Repl;
  std::map<unsigned, std::string> Before, After;
};

} // namespace stmpass

#endif
