/*
 * lex: split a logical line into words, as keepalived's alloc_strvec_r
 * does, and split command strings as alloc_strvec_quoted_escaped does.
 */
#ifndef VIGIL_LEX_H
#define VIGIL_LEX_H

#include <stdbool.h>

#include "arena.h"

/*
 * Words of a keyword line.  Blanks separate words; a word that begins
 * with '"' runs to the next '"' (quotes removed, blanks kept, no
 * escapes); a '"' inside a word ends it.  '{' and '}' outside quotes are
 * words of their own.  Returns the count; *unterminated is set when a
 * quote is not closed (that word and the rest of the line are dropped,
 * as keepalived does).
 */
int	lex_words(struct arena *, const char *line, char ***argv,
	    bool *unterminated);

/*
 * argv of a command string (notify scripts, misc_path, ...): both quote
 * characters quote, quotes may start inside a word, and outside single
 * quotes the escapes \a \b \E \f \n \r \t \v \NNN \xHH \cC and \X work.
 * Returns the count, or -1 on an unterminated quote.
 */
int	lex_command(struct arena *, const char *cmd, char ***argv);

#endif
