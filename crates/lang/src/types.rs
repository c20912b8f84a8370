//! Types of the C subset and their ILP32 (i386 System V) layout. (Being written.)
