/*
 * Whole-file reads from the volume the loader itself was loaded from
 * (LoadedImage->DeviceHandle, SimpleFileSystem). An absent file is
 * EFI_NOT_FOUND with no message; every other failure is printed once,
 * naming the file.
 */
#include "loader.h"

/* Some firmware fails very large reads: read in chunks. */
#define READ_CHUNK (4ULL << 20)

EFI_STATUS volume_open(EFI_HANDLE image, EFI_FILE_HANDLE *root)
{
	EFI_LOADED_IMAGE *li;
	EFI_SIMPLE_FILE_SYSTEM_PROTOCOL *fs;
	EFI_STATUS st;

	st = BS->HandleProtocol(image, &LoadedImageProtocol, (void **)&li);
	if (EFI_ERROR(st)) {
		loader_error(NULL, L"no LoadedImage protocol on our image: %r", st);
		return st;
	}
	st = BS->HandleProtocol(li->DeviceHandle, &FileSystemProtocol, (void **)&fs);
	if (EFI_ERROR(st)) {
		loader_error(NULL, L"the boot device has no file system: %r", st);
		return st;
	}
	st = fs->OpenVolume(fs, root);
	if (EFI_ERROR(st))
		loader_error(NULL, L"cannot open the boot volume: %r", st);
	return st;
}

static EFI_STATUS file_size(EFI_FILE_HANDLE f, const CHAR16 *path, UINT64 *size)
{
	UINT64 buf[(SIZE_OF_EFI_FILE_INFO + 512) / sizeof(UINT64)];
	EFI_FILE_INFO *info = (EFI_FILE_INFO *)buf;
	UINTN len = sizeof(buf);
	EFI_STATUS st;

	st = f->GetInfo(f, &GenericFileInfo, &len, info);
	if (EFI_ERROR(st)) {
		loader_error(path, L"cannot read file information: %r", st);
		return st;
	}
	if (info->Attribute & EFI_FILE_DIRECTORY) {
		loader_error(path, L"is a directory, not a file");
		return EFI_LOAD_ERROR;
	}
	*size = info->FileSize;
	return EFI_SUCCESS;
}

static EFI_STATUS read_all(EFI_FILE_HANDLE f, const CHAR16 *path, UINT8 *buf, UINT64 size)
{
	UINT64 done = 0;
	EFI_STATUS st;

	while (done < size) {
		UINTN n = size - done > READ_CHUNK ? READ_CHUNK : size - done;

		st = f->Read(f, &n, buf + done);
		if (EFI_ERROR(st)) {
			loader_error(path, L"read error at byte %ld: %r", done, st);
			return st;
		}
		if (n == 0) {
			loader_error(path, L"short read: %ld of %ld bytes", done, size);
			return EFI_LOAD_ERROR;
		}
		done += n;
	}
	return EFI_SUCCESS;
}

static EFI_STATUS load_open(EFI_FILE_HANDLE f, const CHAR16 *path, UINT32 boot_type,
			    UINT64 max_size, struct loaded_file *out)
{
	UINT64 size;
	void *p;
	EFI_STATUS st;

	st = file_size(f, path, &size);
	if (EFI_ERROR(st))
		return st;
	if (size > max_size) {
		loader_error(path, L"too large: %ld bytes (max %ld)", size, max_size);
		return EFI_BAD_BUFFER_SIZE;
	}
	if (size == 0)
		return EFI_SUCCESS;
	if (boot_type) {
		st = alloc_pages(PAGES(size), boot_type, PAGE_SIZE, &out->addr);
	} else {
		st = alloc_pool(size, &p);
		out->addr = (UINT64)p;
	}
	if (EFI_ERROR(st)) {
		loader_error(path, L"no memory for %ld bytes: %r", size, st);
		return st;
	}
	st = read_all(f, path, (UINT8 *)out->addr, size);
	if (EFI_ERROR(st)) {
		alloc_free(out->addr);
		out->addr = 0;
		return st;
	}
	out->size = size;
	return EFI_SUCCESS;
}

EFI_STATUS file_load(EFI_FILE_HANDLE root, const CHAR16 *path, UINT32 boot_type, UINT64 max_size,
		     struct loaded_file *out)
{
	EFI_FILE_HANDLE f;
	EFI_STATUS st;

	out->addr = 0;
	out->size = 0;
	st = root->Open(root, &f, (CHAR16 *)path, EFI_FILE_MODE_READ, 0);
	if (st == EFI_NOT_FOUND)
		return st;
	if (EFI_ERROR(st)) {
		loader_error(path, L"cannot open: %r", st);
		return st;
	}
	st = load_open(f, path, boot_type, max_size, out);
	f->Close(f);
	return st;
}
