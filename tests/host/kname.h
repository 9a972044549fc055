/*
 * Force-included in every host test object: the kernel's own string and
 * formatting functions get k_ names so that they do not replace the C
 * library's in the test program, and tests call the kernel's versions.
 */
#define memcpy		   k_memcpy
#define memmove		   k_memmove
#define memset		   k_memset
#define memcmp		   k_memcmp
#define strlen		   k_strlen
#define strnlen		   k_strnlen
#define strcmp		   k_strcmp
#define strncmp		   k_strncmp
#define strchr		   k_strchr
#define strstr		   k_strstr
#define strlcpy		   k_strlcpy
#define snprintf	   k_snprintf
#define vsnprintf	   k_vsnprintf
#define strlist_has	   k_strlist_has
#define strlist_intersects k_strlist_intersects
