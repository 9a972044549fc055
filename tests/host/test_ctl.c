/* The /proc/[pid]/ctl command language. */
#include "test.h"
#include <loom/ctl.h>
#include <stdlib.h>
#include <uapi/loom/errno.h>

static struct ctl_prog prog;
static char err[128];

static int parse(const char *s)
{
	err[0] = '\0';
	return ctl_parse(s, strlen(s), &prog, err, sizeof(err));
}

TEST(ctl_every_command)
{
	EXPECT_EQ(
		parse("dup2 3 0 && close 5-7 && close 9 && close 10- && bind /a /b && "
		      "mount /tmp tmpfs && mount /x tmpfs src && cwd \"/my dir\" && start && kill"),
		0);
	EXPECT_EQ(prog.n, 10);
	EXPECT_EQ(prog.cmd[0].op, CTL_DUP2);
	EXPECT_EQ(prog.cmd[0].a, 3);
	EXPECT_EQ(prog.cmd[0].b, 0);
	EXPECT_EQ(prog.cmd[1].a, 5);
	EXPECT_EQ(prog.cmd[1].b, 7);
	EXPECT_EQ(prog.cmd[2].a, 9);
	EXPECT_EQ(prog.cmd[2].b, 9);
	EXPECT_EQ(prog.cmd[3].b, CTL_FD_MAX);
	EXPECT_STREQ(prog.cmd[4].s1, "/a");
	EXPECT_STREQ(prog.cmd[4].s2, "/b");
	EXPECT_STREQ(prog.cmd[5].s2, "tmpfs");
	EXPECT_TRUE(prog.cmd[5].s3 == NULL);
	EXPECT_STREQ(prog.cmd[6].s3, "src");
	EXPECT_STREQ(prog.cmd[7].s1, "/my dir");
	EXPECT_EQ(prog.cmd[8].op, CTL_START);
	EXPECT_STREQ(prog.cmd[9].s1, "kill");
	EXPECT_EQ(parse("kill pagefault at 0x40013b"), 0);
	EXPECT_STREQ(prog.cmd[0].s1, "pagefault at 0x40013b");
	EXPECT_EQ(parse("bind \"a && b\" /c"), 0);
	EXPECT_EQ(prog.n, 1);
	EXPECT_STREQ(prog.cmd[0].s1, "a && b");
	EXPECT_EQ(parse("bind \"q\\\"x\" /c"), 0);
	EXPECT_STREQ(prog.cmd[0].s1, "q\"x");
}

TEST(ctl_errors_name_the_command)
{
	EXPECT_EQ(parse("dup2 1 2 && dupp 1 2"), -EINVAL);
	EXPECT_TRUE(strstr(err, "command 2 (dupp): unknown command") != NULL);
	EXPECT_EQ(parse("dup2 1"), -EINVAL);
	EXPECT_TRUE(strstr(err, "(dup2): wrong number of arguments") != NULL);
	EXPECT_EQ(parse("dup2 x 1"), -EINVAL);
	EXPECT_EQ(parse("close 7-5"), -EINVAL);
	EXPECT_EQ(parse("close -5"), -EINVAL);
	EXPECT_EQ(parse("close 99999999999"), -EINVAL);
	EXPECT_EQ(parse("start &&"), -EINVAL);
	EXPECT_TRUE(strstr(err, "empty command") != NULL);
	EXPECT_EQ(parse("&& start"), -EINVAL);
	EXPECT_EQ(parse("bind \"unterminated /a"), -EINVAL);
	EXPECT_EQ(parse(""), -EINVAL);
	EXPECT_EQ(parse("   "), -EINVAL);
	EXPECT_EQ(parse("start start"), -EINVAL);
	EXPECT_EQ(parse("bind \"\" /b"), -EINVAL);
}

TEST(ctl_limits_and_random_input)
{
	char buf[CTL_MAX_TEXT + 10];

	memset(buf, 'a', sizeof(buf));
	EXPECT_EQ(ctl_parse(buf, sizeof(buf), &prog, err, sizeof(err)), -E2BIG);
	srand(8);
	for (int i = 0; i < 30000; i++) {
		int n = rand() % 80;

		static const char alphabet[] = " &\"\\0123-abdupclosestartkillmount/";

		for (int k = 0; k < n; k++)
			buf[k] = alphabet[rand() % (sizeof(alphabet) - 1)];
		int r = ctl_parse(buf, (size_t)n, &prog, err, sizeof(err));
		EXPECT_TRUE(r == 0 || r == -EINVAL || r == -E2BIG);
		if (r)
			EXPECT_TRUE(err[0] != '\0');
		else
			EXPECT_TRUE(prog.n >= 1 && prog.n <= CTL_MAX_CMDS);
	}
}

/* The language of /net/local/[id]/ctl: the same parser, another table. */
static int net(const char *s)
{
	err[0] = '\0';
	return ctl_parse_lang(&ctl_net_lang, s, strlen(s), &prog, err, sizeof(err));
}

TEST(ctl_net_language)
{
	EXPECT_EQ(net("bind myserver && listen"), 0);
	EXPECT_EQ(prog.n, 2);
	EXPECT_EQ(prog.cmd[0].op, CTL_NET_BIND);
	EXPECT_STREQ(prog.cmd[0].s1, "myserver");
	EXPECT_EQ(prog.cmd[1].op, CTL_NET_LISTEN);
	EXPECT_EQ(prog.cmd[1].a, -1);
	EXPECT_EQ(net("listen 5"), 0);
	EXPECT_EQ(prog.cmd[0].a, 5);
	EXPECT_EQ(net("connect \"a b\""), 0);
	EXPECT_EQ(prog.cmd[0].op, CTL_NET_CONNECT);
	EXPECT_STREQ(prog.cmd[0].s1, "a b");
	EXPECT_STREQ(ctl_op_name(CTL_NET_CONNECT), "connect");
	EXPECT_EQ(net("listen x"), -EINVAL);
	EXPECT_TRUE(strstr(err, "command 1 (listen): not a number") != NULL);
	EXPECT_EQ(net("bind a b"), -EINVAL);
	EXPECT_EQ(net("bind \"\""), -EINVAL);
	EXPECT_EQ(net("bind a && dup2 1 2"), -EINVAL); /* not in this language */
	EXPECT_TRUE(strstr(err, "command 2 (dup2): unknown command") != NULL);
	EXPECT_EQ(parse("listen"), -EINVAL); /* nor the other way round */
}
