#include "Edits.h"

namespace stmpass {

const std::pair<const unsigned, std::string> *Edits::replacementAt(unsigned B,
                                                                   unsigned Limit) const {
  auto It = Repl.find(B);
  if (It == Repl.end())
    return nullptr;
  auto E = It->second.upper_bound(Limit);
  if (E == It->second.begin())
    return nullptr;
  return &*--E;
}

const std::string *Edits::before(unsigned I) const {
  auto It = Before.find(I);
  return It == Before.end() ? nullptr : &It->second;
}

const std::string *Edits::after(unsigned I) const {
  auto It = After.find(I);
  return It == After.end() ? nullptr : &It->second;
}

} // namespace stmpass
