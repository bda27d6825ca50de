# -*- Python -*-  lit configuration for stmpass (see README.md, "Tests").
#
# Run through the site config CMake writes to <build>/test, e.g.
#   cmake --build build --target check          (everything)
#   cmake --build build --target check-runtime  (test/runtime only)
# Params: --param stm_suite=runtime restricts the run to test/runtime (the
# only suite that needs no plugin); a sanitizer build always does that.
import os
import sys

import lit.formats

if not hasattr(config, "stm_obj_root"):
    lit_config.fatal("run lit on the build tree (<build>/test), not on the source tree")

config.name = "stmpass"
config.test_format = lit.formats.ShTest(execute_external=True)
config.suffixes = [".c", ".test"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.stm_obj_root, "test")

build = config.stm_obj_root
sanitizers = [s for s in config.stm_sanitize.replace(";", ",").split(",") if s]
suite = lit_config.params.get("stm_suite", "runtime" if sanitizers else "all")
if suite not in ("all", "runtime"):
    lit_config.fatal("stm_suite must be 'all' or 'runtime', not %r" % suite)
if sanitizers and suite != "runtime":
    lit_config.fatal("a sanitizer build (STM_SANITIZE=%s) runs only test/runtime"
                     % config.stm_sanitize)

# Inputs/ holds files that tests use, not tests.  A runtime-only run skips
# every other top-level directory.
config.excludes = ["Inputs"]
if suite == "runtime":
    config.excludes += [d for d in os.listdir(config.test_source_root)
                        if d != "runtime"
                        and os.path.isdir(os.path.join(config.test_source_root, d))]

# What the tests use must exist: a missing plugin or runtime is an error
# here, never a silently skipped suite.
required = [os.path.join(build, "lib", "libstm.a"),
            os.path.join(build, "lib", "libstm.so"),
            os.path.join(build, "include", "stm.h"),
            os.path.join(build, "include", "stm", "abi.h")]
if suite == "all":
    required += [os.path.join(build, "lib", "stmpass.so"),
                 os.path.join(build, "bin", "stmcc")]
missing = [p for p in required if not os.path.exists(p)]
if missing:
    lit_config.fatal("missing build outputs (build the project first, e.g. "
                     "'cmake --build %s'):\n  %s" % (build, "\n  ".join(missing)))

# ---- features --------------------------------------------------------------
if "address" in sanitizers:
    config.available_features.add("asan")
if "undefined" in sanitizers:
    config.available_features.add("ubsan")
if "thread" in sanitizers:
    config.available_features.add("tsan")
if sanitizers:
    config.available_features.add("sanitizer")

# ---- substitutions ---------------------------------------------------------
san_flags = ""
if sanitizers:
    san_flags = (" -fsanitize=%s -fno-omit-frame-pointer -fno-sanitize-recover=all"
                 % ",".join(sanitizers))

include_dir = os.path.join(build, "include")
lib_dir = os.path.join(build, "lib")
# lit applies these in order, before its own (%s, %t): no name here may be
# a prefix of a later one.
config.substitutions.append(("%stm_plugin", "-fplugin=" + os.path.join(lib_dir, "stmpass.so")))
config.substitutions.append(("%stm_cflags", "-I" + include_dir))
config.substitutions.append(("%stm_ldflags", "-L%s -lstm -pthread -Wl,-rpath,%s" % (lib_dir, lib_dir)))
config.substitutions.append(("%stmcc", os.path.join(build, "bin", "stmcc")))
config.substitutions.append(("%rtcc", "%s -O2 -g -I%s%s" % (config.stm_clang, include_dir, san_flags)))
config.substitutions.append(("%clang", config.stm_clang))
config.substitutions.append(("%stm_src", config.stm_src_root))
# stmcc reports paths with symlinks resolved; tests match against this.
config.substitutions.append(("%stm_build", os.path.realpath(build)))
config.substitutions.append(("%python", sys.executable))
config.substitutions.append(("%stm_version", config.stm_version))

# ---- environment -----------------------------------------------------------
# FileCheck, not, count and split-file come from LLVM's bin directory.
llvm_bin = os.path.dirname(config.stm_filecheck)
config.environment["PATH"] = os.pathsep.join([llvm_bin, os.environ.get("PATH", "/usr/bin:/bin")])
# Sanitizer defaults; a value set in the caller's environment wins.
config.environment.setdefault("ASAN_OPTIONS", "detect_leaks=1:strict_string_checks=1")
config.environment.setdefault("UBSAN_OPTIONS", "print_stacktrace=1:halt_on_error=1")
config.environment.setdefault("TSAN_OPTIONS", "halt_on_error=1:second_deadlock_stack=1")
