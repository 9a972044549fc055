/* The kernel's string and memory functions (kernel/lib/string.c). */
#ifndef LOOM_STRING_H
#define LOOM_STRING_H

#include <loom/types.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
/* The first occurrence of needle in hay (hay itself for ""), or NULL. */
char *strstr(const char *hay, const char *needle);
size_t strlcpy(char *dst, const char *src, size_t size);
/* Is item one of the sep-separated words of list ("a,b,c")? An empty list
 * holds nothing. */
bool strlist_has(const char *list, char sep, const char *item);
/* Do the sep-separated lists a and b share a word? */
bool strlist_intersects(const char *a, const char *b, char sep);

#endif
