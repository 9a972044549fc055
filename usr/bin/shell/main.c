/* sh [-c LINE]: read lines from standard input (a "$ " prompt on a
 * terminal) and run them; -c runs one line. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "sh.h"

int main(int argc, char **argv)
{
	char line[4096];
	int prompt = isatty(0);

	if (argc > 2 && !strcmp(argv[1], "-c")) {
		sh_run_line(argv[2]);
		return sh_status;
	}
	for (;;) {
		if (prompt) {
			char cwd[256];

			printf("%s $ ", getcwd(cwd, sizeof(cwd)) ? cwd : "?");
			fflush(stdout);
		}
		if (!fgets(line, sizeof(line), stdin))
			break;
		if (sh_run_line(line))
			break;
	}
	return sh_status;
}
