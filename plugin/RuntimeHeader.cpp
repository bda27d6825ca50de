#include "RuntimeHeader.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <dlfcn.h>

namespace stmpass {

static std::string pluginDirectory() {
  Dl_info Info;
  if (!dladdr(reinterpret_cast<void *>(&pluginDirectory), &Info) || !Info.dli_fname)
    return std::string();
  llvm::SmallString<256> Path;
  if (llvm::sys::fs::real_path(Info.dli_fname, Path))
    Path = Info.dli_fname;
  return llvm::sys::path::parent_path(Path).str();
}

std::string findAbiHeader(const std::string &IncludeDir, std::string &Error) {
  llvm::SmallString<256> Path;
  if (!IncludeDir.empty()) {
    Path = IncludeDir;
  } else {
    std::string Dir = pluginDirectory();
    if (Dir.empty()) {
      Error = "stmpass: cannot determine where stmpass.so was loaded from";
      return std::string();
    }
    Path = Dir;
    llvm::sys::path::append(Path, "..", "include");
  }
  llvm::sys::path::append(Path, "stm", "abi.h");
  llvm::sys::path::remove_dots(Path, /*remove_dot_dot=*/true);
  if (llvm::sys::fs::make_absolute(Path) || !llvm::sys::fs::is_regular_file(Path)) {
    Error = "stmpass: runtime header '" + Path.str().str() +
            "' not found (install stmpass, or pass -fplugin-arg-stmpass-include=DIR)";
    return std::string();
  }
  return Path.str().str();
}

} // namespace stmpass
