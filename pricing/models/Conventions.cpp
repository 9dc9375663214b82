#include "pricing/models/Conventions.h"

// Constants only; this file gives the models library a translation unit while it grows.
