/*
 * xalloc: malloc wrappers that exit with keepalived's no-memory status.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xalloc.h"

static void
xalloc_die(void)
{
	static const char msg[] = "Keepalived: out of memory\n";

	(void)!write(STDERR_FILENO, msg, sizeof(msg) - 1);
	_exit(XALLOC_EXIT_NO_MEMORY);
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		xalloc_die();
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (p == NULL)
		xalloc_die();
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (p == NULL)
		xalloc_die();
	return p;
}

void *
xreallocarray(void *p, size_t nmemb, size_t size)
{
	p = reallocarray(p, nmemb ? nmemb : 1, size ? size : 1);
	if (p == NULL)
		xalloc_die();
	return p;
}

char *
xstrdup(const char *s)
{
	char *p = strdup(s);

	if (p == NULL)
		xalloc_die();
	return p;
}
