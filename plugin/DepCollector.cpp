#include "DepCollector.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

namespace stmpass {

// A name that, looked up from the main file, finds the same file and is
// recorded under the same name: relative names resolve against the main
// file's directory first, so they keep their form only when that
// directory is the current one; otherwise use the absolute path.
static std::string lookupName(llvm::StringRef Dep, llvm::StringRef MainDir) {
  if (llvm::sys::path::is_absolute(Dep))
    return Dep.str();
  if (MainDir.empty() || MainDir == ".")
    return Dep.str();
  if (Dep.starts_with(MainDir) && Dep.size() > MainDir.size() &&
      llvm::sys::path::is_separator(Dep[MainDir.size()]))
    return Dep.substr(MainDir.size() + 1).str();
  llvm::SmallString<256> Abs(Dep);
  llvm::sys::fs::make_absolute(Abs);
  return Abs.str().str();
}

std::string hasIncludeBlock(llvm::ArrayRef<std::string> Deps, llvm::StringRef MainFile) {
  std::string S;
  llvm::StringRef MainDir = llvm::sys::path::parent_path(MainFile);
  for (const std::string &D : Deps) {
    if (D == MainFile || D.find('"') != std::string::npos || D.find('\n') != std::string::npos)
      continue;
    S += "#if __has_include(\"" + lookupName(D, MainDir) + "\")\n#endif\n";
  }
  return S;
}

} // namespace stmpass
