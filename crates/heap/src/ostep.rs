//! The free-space simulator of Operating Systems: Three Easy Pieces (vm-freespace/malloc.py),
//! reproduced exactly so its homework can be shown here. (Being written.)
