// Plugin arguments: -fplugin-arg-stmpass-NAME=VALUE.
#ifndef STMPASS_OPTIONS_H
#define STMPASS_OPTIONS_H

#include <string>
#include <vector>

namespace stmpass {

struct PluginOptions {
  std::string EmitPath;   // emit=PATH: write the rewritten translation unit
  std::string IncludeDir; // include=DIR: where stm/abi.h lives (default: next to the .so)
};

// Returns false and sets Error for an unknown or malformed argument.
bool parsePluginArgs(const std::vector<std::string> &Args, PluginOptions &Opts,
                     std::string &Error);

} // namespace stmpass

#endif
