/* test_swap.c: the unencrypted-swap warning, on fake /proc/swaps and /sys trees. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "keywork/app.h"
#include "keywork/util.h"
#include "testutil.h"

static char *dir;

static void put(const char *rel, const char *text)
{
	char *path = kw_path_join(dir, rel), *p;
	FILE *fp;

	for (p = path + strlen(dir) + 1; (p = strchr(p, '/')) != NULL; p++) {
		*p = '\0';
		mkdir(path, 0700);
		*p = '/';
	}
	fp = fopen(path, "w");
	ck_assert_ptr_nonnull(fp);
	fputs(text, fp);
	fclose(fp);
	free(path);
}

/* A swap file in dir, and /sys/dev/block/MAJ:MIN of its file system pointing at block. */
static char *swapfile_on(const char *block)
{
	struct kw_buf b = { 0 }, link = { 0 }, target = { 0 };
	struct stat st;
	char *swapfile;

	put("swapfile", "");
	swapfile = kw_path_join(dir, "swapfile");
	ck_assert_int_eq(stat(swapfile, &st), 0);
	kw_buf_printf(&b, "Filename\tType\tSize\tUsed\tPriority\n%s file 1024 0 -2\n", swapfile);
	put("proc/swaps", b.p);
	put("sys/dev/block/.keep", "");
	kw_buf_printf(&link, "%s/sys/dev/block/%u:%u", dir, major(st.st_dev), minor(st.st_dev));
	kw_buf_printf(&target, "../../devices/virtual/block/%s", block);
	unlink(link.p);
	ck_assert_int_eq(symlink(target.p, link.p), 0);
	kw_buf_free(&b);
	kw_buf_free(&link);
	kw_buf_free(&target);
	return swapfile;
}

static int check_swap(char *desc, size_t len)
{
	char *proc = kw_path_join(dir, "proc/swaps"), *sys = kw_path_join(dir, "sys");
	int rc = kw_swap_check(proc, sys, desc, len);

	free(proc);
	free(sys);
	return rc;
}

static void setup(void)
{
	dir = tu_tmpdir();
}

static void teardown(void)
{
	tu_rmdir(dir);
	dir = NULL;
}

START_TEST(test_no_swap)
{
	char desc[256];

	put("proc/swaps", "Filename\tType\tSize\tUsed\tPriority\n");
	ck_assert_int_eq(check_swap(desc, sizeof(desc)), 0);
}
END_TEST

START_TEST(test_plain_swap_reported)
{
	char desc[256];
	char *f = swapfile_on("vda");

	ck_assert_int_eq(check_swap(desc, sizeof(desc)), 1);
	ck_assert_str_eq(desc, f);
	free(f);
}
END_TEST

START_TEST(test_dm_crypt_is_fine)
{
	char desc[256];
	char *f = swapfile_on("dm-0");

	put("sys/block/dm-0/dm/uuid", "CRYPT-LUKS2-0123456789abcdef-swap\n");
	ck_assert_int_eq(check_swap(desc, sizeof(desc)), 0);
	free(f);
}
END_TEST

START_TEST(test_lvm_on_luks_is_fine)
{
	char desc[256];
	char *f = swapfile_on("dm-1");

	put("sys/block/dm-1/dm/uuid", "LVM-abcdef\n");
	put("sys/block/dm-1/slaves/dm-0", "");
	put("sys/block/dm-0/dm/uuid", "CRYPT-LUKS2-0123-root\n");
	ck_assert_int_eq(check_swap(desc, sizeof(desc)), 0);
	free(f);
}
END_TEST

START_TEST(test_lvm_without_luks_reported)
{
	char desc[256];
	char *f = swapfile_on("dm-1");

	put("sys/block/dm-1/dm/uuid", "LVM-abcdef\n");
	put("sys/block/dm-1/slaves/sda2", "");
	ck_assert_int_eq(check_swap(desc, sizeof(desc)), 1);
	free(f);
}
END_TEST

START_TEST(test_zram_is_fine)
{
	char desc[256];

	put("proc/swaps",
	    "Filename\tType\tSize\tUsed\tPriority\n/dev/zram0 partition 1024 0 100\n");
	ck_assert_int_eq(check_swap(desc, sizeof(desc)), 0);
}
END_TEST

START_TEST(test_acknowledge_per_machine)
{
	struct kw_err err;
	char *state = kw_path_join(dir, "state");

	setenv("XDG_STATE_HOME", state, 1);
	ck_assert(!kw_swap_acknowledged("/dev/sda2"));
	ck_assert_int_eq(kw_swap_acknowledge("/dev/sda2", &err), 0);
	ck_assert(kw_swap_acknowledged("/dev/sda2"));
	/* A different swap set is a new warning. */
	ck_assert(!kw_swap_acknowledged("/dev/sda2, /swapfile"));
	free(state);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("swap");
	TCase *tc = tcase_create("swap");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_no_swap);
	tcase_add_test(tc, test_plain_swap_reported);
	tcase_add_test(tc, test_dm_crypt_is_fine);
	tcase_add_test(tc, test_lvm_on_luks_is_fine);
	tcase_add_test(tc, test_lvm_without_luks_reported);
	tcase_add_test(tc, test_zram_is_fine);
	tcase_add_test(tc, test_acknowledge_per_machine);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
