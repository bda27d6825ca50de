#include "Options.h"

namespace stmpass {

bool parsePluginArgs(const std::vector<std::string> &Args, PluginOptions &Opts,
                     std::string &Error) {
  for (const std::string &A : Args) {
    std::string::size_type Eq = A.find('=');
    std::string Name = A.substr(0, Eq);
    std::string Value = Eq == std::string::npos ? std::string() : A.substr(Eq + 1);
    if (Name == "emit" && !Value.empty()) {
      Opts.EmitPath = Value;
    } else if (Name == "include" && !Value.empty()) {
      Opts.IncludeDir = Value;
    } else {
      Error = "unknown or incomplete stmpass plugin argument '" + A +
              "' (known: emit=PATH, include=DIR)";
      return false;
    }
  }
  return true;
}

} // namespace stmpass
