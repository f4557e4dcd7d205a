/*
 * lex: word splitting for keyword lines and for command strings.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "lex.h"
#include "xalloc.h"

struct wordvec {
	char	**v;
	int	  n, cap;
};

/* Words are collected on the heap and copied to the arena at the exact
 * size: a line of two words should not cost a pointer array of eight. */
static void
wordvec_push(struct arena *a, struct wordvec *w, char *s)
{
	if (w->n + 1 >= w->cap) {
		w->cap = w->cap ? w->cap * 2 : 16;
		w->v = xreallocarray(w->v, (size_t)w->cap, sizeof(char *));
	}
	w->v[w->n++] = s;
	w->v[w->n] = NULL;
}

static char **
wordvec_finish(struct arena *a, struct wordvec *w)
{
	char **v = arena_alloc(a, sizeof(char *) * (size_t)(w->n + 1));

	if (w->n > 0)
		memcpy(v, w->v, sizeof(char *) * (size_t)w->n);
	v[w->n] = NULL;
	free(w->v);
	w->v = NULL;
	return v;
}

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' ||
	    c == '\v' || c == '\f';
}

int
lex_words(struct arena *a, const char *s, char ***argv, bool *unterminated)
{
	struct wordvec w = { 0 };
	const char *start;

	*unterminated = false;
	wordvec_push(a, &w, NULL);
	w.n = 0;
	while (*s != '\0') {
		if (is_blank(*s)) {
			s++;
			continue;
		}
		if (*s == '{' || *s == '}') {
			wordvec_push(a, &w, arena_strndup(a, s, 1));
			s++;
			continue;
		}
		if (*s == '"') {
			start = ++s;
			while (*s != '\0' && *s != '"')
				s++;
			/* keepalived drops an unclosed word and stops. */
			if (*s == '\0') {
				*unterminated = true;
				break;
			}
			wordvec_push(a, &w, arena_strndup(a, start,
			    (size_t)(s - start)));
			s++;
			continue;
		}
		start = s;
		while (*s != '\0' && !is_blank(*s) && *s != '"' &&
		    *s != '{' && *s != '}')
			s++;
		wordvec_push(a, &w, arena_strndup(a, start,
		    (size_t)(s - start)));
	}
	*argv = wordvec_finish(a, &w);
	return w.n;
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)tolower((unsigned char)c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* One escape after '\'; returns the byte and advances *sp. */
static char
lex_escape(const char **sp)
{
	const char *s = *sp;
	int v, d, i;

	switch (*s) {
	case 'a': *sp = s + 1; return '\a';
	case 'b': *sp = s + 1; return '\b';
	case 'E': *sp = s + 1; return 033;
	case 'f': *sp = s + 1; return '\f';
	case 'n': *sp = s + 1; return '\n';
	case 'r': *sp = s + 1; return '\r';
	case 't': *sp = s + 1; return '\t';
	case 'v': *sp = s + 1; return '\v';
	case 'c':
		if (s[1] != '\0') {
			*sp = s + 2;
			return (char)(toupper((unsigned char)s[1]) ^ 0x40);
		}
		break;
	case 'x':
		v = 0;
		for (i = 1; i <= 2 && (d = hexval(s[i])) >= 0; i++)
			v = v * 16 + d;
		if (i > 1) {
			*sp = s + i;
			return (char)v;
		}
		break;
	default:
		if (*s >= '0' && *s <= '7') {
			v = 0;
			for (i = 0; i < 3 && s[i] >= '0' && s[i] <= '7'; i++)
				v = v * 8 + (s[i] - '0');
			*sp = s + i;
			return (char)v;
		}
		break;
	}
	*sp = s + 1;
	return *s;
}

int
lex_command(struct arena *a, const char *s, char ***argv)
{
	struct wordvec w = { 0 };
	size_t len = strlen(s);
	char *buf, *o;
	char quote;
	bool inword;

	wordvec_push(a, &w, NULL);
	w.n = 0;
	while (*s != '\0') {
		while (is_blank(*s))
			s++;
		if (*s == '\0')
			break;
		o = buf = arena_alloc(a, len + 1);
		quote = 0;
		inword = true;
		while (*s != '\0' && inword) {
			if (quote == 0 && is_blank(*s)) {
				inword = false;
			} else if (quote == 0 && (*s == '"' || *s == '\'')) {
				quote = *s++;
			} else if (quote != 0 && *s == quote) {
				quote = 0;
				s++;
			} else if (*s == '\\' && quote != '\'' && s[1] != '\0') {
				s++;
				*o++ = lex_escape(&s);
			} else
				*o++ = *s++;
		}
		if (quote != 0) {
			free(w.v);
			return -1;
		}
		*o = '\0';
		wordvec_push(a, &w, buf);
	}
	*argv = wordvec_finish(a, &w);
	return w.n;
}
