/* cmdline.c - see cmdline.h.
 *
 * The parse follows clang's driver only as far as stmcc needs: which
 * arguments are inputs (so option values such as "-o x" are skipped), what
 * language -x sets, and which flags stop before the link step. */
#include "cmdline.h"

#include <string.h>

#include "respfile.h"

/* Options whose value is the next argument when written alone. */
static const char *const separate_value_options[] = {
    "-o", "-x", "-I", "-D", "-U", "-A", "-B", "-F", "-L", "-l", "-u", "-T", "-z", "-e",
    "-include", "-imacros", "-isystem", "-idirafter", "-iquote", "-isysroot", "-iprefix",
    "-iwithprefix", "-iwithprefixbefore", "-isystem-after", "-cxx-isystem", "-imultilib",
    "-MF", "-MT", "-MQ", "-MJ", "-Xlinker", "-Xassembler", "-Xpreprocessor", "-Xclang",
    "-Xanalyzer", "-Xopenmp-target", "-mllvm", "-target", "-arch", "-aux-info", "-dependency-file",
    "-dependency-dot", "-serialize-diagnostics", "-working-directory", "-ccc-gcc-name",
    "--param", "--sysroot", "--output", "--language", "--define-macro", "--undefine-macro",
    "--include-directory", "--library-directory", "--for-linker", "--force-link", "--prefix",
    "--include", "--imacros", "--assert", "--serialize-diagnostics", "--dependent-lib",
};

/* Flags after which clang stops before linking. */
static const char *const no_link_flags[] = {
    "-c", "-S", "-E", "-M", "-MM", "-fsyntax-only", "-r", "--precompile", "-emit-ast",
    "--analyze", "--preprocess", "--compile", "--assemble",
};

/* Extensions clang hands to the linker untouched are everything not below;
 * these are the ones it compiles, preprocesses or assembles. */
static const char *const compiled_extensions[] = {
    "c", "i", "C", "cc", "cp", "cpp", "CPP", "cxx", "c++", "CC", "ii", "m", "mm", "M", "mi", "mii",
    "s", "S", "sx", "h", "hh", "hpp", "hxx", "h++", "H", "hp", "cl", "cu", "ll", "bc",
};

static const char *const header_extensions[] = {"h", "hh", "hpp", "hxx", "h++", "H", "hp"};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static int in_list(const char *s, const char *const *list, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (strcmp(s, list[i]) == 0)
      return 1;
  return 0;
}

static const char *extension(const char *path) {
  const char *base = strrchr(path, '/');
  base = base ? base + 1 : path;
  const char *dot = strrchr(base, '.');
  return dot && dot != base ? dot + 1 : "";
}

static int is_gnu_tm_flag(const char *a) {
  return strcmp(a, "-fgnu-tm") == 0 || strcmp(a, "-fno-gnu-tm") == 0 || strcmp(a, "-litm") == 0;
}

/* lang is the current -x language, or NULL for "by extension". */
static void classify_input(const char *path, const char *lang, int *compiles, int *non_header) {
  if (lang) {
    size_t n = strlen(lang);
    *compiles = 1;
    if (!(n >= 7 && strcmp(lang + n - 7, "-header") == 0))
      *non_header = 1;
    return;
  }
  if (strcmp(path, "-") == 0) {
    *compiles = 1;
    *non_header = 1;
    return;
  }
  const char *ext = extension(path);
  if (in_list(ext, compiled_extensions, COUNT(compiled_extensions)))
    *compiles = 1;
  if (!in_list(ext, header_extensions, COUNT(header_extensions)))
    *non_header = 1;
}

void parse_cmdline(char *const *argv, size_t argc, cmdline *cl) {
  strvec expanded;
  sv_init(&expanded);
  expand_response_files(argv, argc, &expanded);

  memset(cl, 0, sizeof *cl);
  sv_init(&cl->args);
  cl->dashdash = (size_t)-1;

  const char *lang = NULL;
  int no_link = 0, has_input = 0, non_header = 0;
  for (size_t i = 0; i < expanded.n; i++) {
    const char *a = expanded.v[i];
    int is_input = cl->dashdash != (size_t)-1 || a[0] != '-' || strcmp(a, "-") == 0;
    if (is_input) {
      has_input = 1;
      classify_input(a, lang, &cl->compiles, &non_header);
      sv_push(&cl->args, a);
      continue;
    }
    if (strcmp(a, "--") == 0) {
      cl->dashdash = cl->args.n;
      sv_push(&cl->args, a);
      continue;
    }
    if (is_gnu_tm_flag(a))
      continue;
    if (strcmp(a, "-l") == 0 && i + 1 < expanded.n && strcmp(expanded.v[i + 1], "itm") == 0) {
      i++;
      continue;
    }
    if (in_list(a, no_link_flags, COUNT(no_link_flags)))
      no_link = 1;
    else if (strcmp(a, "--version") == 0)
      cl->version = 1;
    else if (strcmp(a, "--help") == 0)
      cl->help = 1;
    else if (strncmp(a, "-x", 2) == 0 && a[2] != '\0')
      lang = strcmp(a + 2, "none") == 0 ? NULL : a + 2;

    sv_push(&cl->args, a);
    if (in_list(a, separate_value_options, COUNT(separate_value_options)) && i + 1 < expanded.n) {
      const char *value = expanded.v[++i];
      if (strcmp(a, "-x") == 0)
        lang = strcmp(value, "none") == 0 ? NULL : value;
      sv_push(&cl->args, value);
    }
  }
  if (cl->dashdash == (size_t)-1)
    cl->dashdash = cl->args.n;
  cl->links = has_input && non_header && !no_link;
}
