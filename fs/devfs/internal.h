/*
 * Private to fs/devfs/: each group of device files registers itself from
 * devfs_init(). Each returns 0 or the first devfs_register error.
 */
#ifndef FS_DEVFS_INTERNAL_H
#define FS_DEVFS_INTERNAL_H

int devfs_register_basic(void);	  /* null, zero, config */
int devfs_register_klog(void);	  /* klog */
int devfs_register_modules(void); /* modules, modulectl */

#endif
