/* version.h: keywork's version. */
#ifndef KEYWORK_VERSION_H
#define KEYWORK_VERSION_H

#define KEYWORK_VERSION "0.1.0"

#endif
