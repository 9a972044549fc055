/* env [NAME]: print every environment variable, or the value of one
 * (status 1 when it is not set). */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	if (argc > 1) {
		const char *v = getenv(argv[1]);

		if (!v)
			return 1;
		puts(v);
		return 0;
	}
	for (char **e = environ; *e; e++)
		puts(*e);
	return 0;
}
