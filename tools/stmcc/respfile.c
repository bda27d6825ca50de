/* respfile.c - see respfile.h. */
#include "respfile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"

/* Deep enough for any real build; shallow enough to stop a cycle fast. */
enum { MAX_DEPTH = 32 };

static char *read_file(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f)
    die("cannot read response file '%s': %s", path, strerror(errno));
  size_t cap = 4096, len = 0;
  char *buf = xmalloc(cap);
  size_t got;
  while ((got = fread(buf + len, 1, cap - len - 1, f)) > 0) {
    len += got;
    if (cap - len - 1 == 0)
      buf = xrealloc(buf, cap *= 2);
  }
  if (ferror(f))
    die("cannot read response file '%s': %s", path, strerror(errno));
  fclose(f);
  buf[len] = '\0';
  return buf;
}

static int is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

/* Split text into arguments; see respfile.h for the quoting rules. */
static void tokenize(const char *text, const char *path, strvec *out) {
  size_t cap = 256, len = 0;
  char *tok = xmalloc(cap);
  int in_token = 0;
  char quote = 0;
  for (const char *p = text;; p++) {
    char c = *p;
    if (c == '\0') {
      if (quote)
        die("unterminated %c quote in response file '%s'", quote, path);
      break;
    }
    if (!quote && is_space(c)) {
      if (in_token) {
        tok[len] = '\0';
        sv_push(out, tok);
        len = 0;
        in_token = 0;
      }
      continue;
    }
    in_token = 1;
    if (c == '\\' && p[1] != '\0') {
      c = *++p;
    } else if (quote && c == quote) {
      quote = 0;
      continue;
    } else if (!quote && (c == '\'' || c == '"')) {
      quote = c;
      continue;
    }
    if (len + 2 > cap)
      tok = xrealloc(tok, cap *= 2);
    tok[len++] = c;
  }
  if (in_token) {
    tok[len] = '\0';
    sv_push(out, tok);
  }
  free(tok);
}

/* path relative to the directory of base (a file), unless path is absolute
 * or base has no directory part. */
static char *relative_to(const char *base, const char *path) {
  const char *slash = base ? strrchr(base, '/') : NULL;
  if (path[0] == '/' || !slash)
    return xstrdup(path);
  size_t dirlen = (size_t)(slash - base) + 1;
  char *r = xmalloc(dirlen + strlen(path) + 1);
  memcpy(r, base, dirlen);
  strcpy(r + dirlen, path);
  return r;
}

static void expand(char *const *args, size_t n, const char *from, int depth, strvec *out) {
  for (size_t i = 0; i < n; i++) {
    const char *a = args[i];
    if (a[0] != '@' || a[1] == '\0') {
      sv_push(out, a);
      continue;
    }
    if (depth >= MAX_DEPTH)
      die("response files nested more than %d deep (a cycle?) at '%s'", MAX_DEPTH, a);
    char *path = relative_to(from, a + 1);
    char *text = read_file(path);
    strvec inner;
    sv_init(&inner);
    tokenize(text, path, &inner);
    expand(inner.v, inner.n, path, depth + 1, out);
    free(text);
    free(path);
  }
}

void expand_response_files(char *const *args, size_t n, strvec *out) { expand(args, n, NULL, 0, out); }

void write_response_arg(FILE *f, const char *s) {
  fputc('"', f);
  for (; *s; s++) {
    if (*s == '"' || *s == '\\')
      fputc('\\', f);
    fputc(*s, f);
  }
  fputs("\"\n", f);
}
