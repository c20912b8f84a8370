#!/bin/sh
# Regenerates the goldens in this folder: the output of OSTEP's paging-policy.py
# (remzi-arpacidusseau/ostep-homework, vm-beyondphys-policy/paging-policy.py, run with
# python3 3.11) for each case below. Usage: generate.sh /path/to/paging-policy.py
# Each file holds the simulator's whole output; its ARG lines say how it was run, and
# crates/paging/tests/policy_ostep_golden.rs reads them back.
set -e
sim=${1:?usage: generate.sh /path/to/paging-policy.py}
cd "$(dirname "$0")"
rm -f ./*.txt
ostep=0,1,2,0,1,3,0,3,1,2,1
silberschatz=7,0,1,2,0,3,0,4,2,3,0,3,2,1,2,0,1,7,0,1
belady=1,2,3,4,1,2,5,1,2,3,4,5
loop=1,2,3,4,5,1,2,3,4,5,1,2,3,4,5,6,1,2,3,6,6,7,0,7,1
for policy in FIFO LRU MRU OPT UNOPT RAND CLOCK; do
  for name in ostep silberschatz belady loop; do
    eval refs=\$$name
    for size in 1 3 4; do
      python3 "$sim" -a "$refs" -p $policy -C $size -c > "$name-$policy-C$size.txt"
    done
  done
done
for seed in 1 7 12345678901; do
  for policy in RAND CLOCK; do
    python3 "$sim" -a "$silberschatz" -p $policy -C 3 -s $seed -c > "silberschatz-$policy-C3-s$seed.txt"
  done
done
for bits in 0 1 3; do
  python3 "$sim" -a "$loop" -p CLOCK -C 4 -b $bits -s 3 -c > "loop-CLOCK-C4-b$bits.txt"
done
for seed in 0 1 2; do
  for policy in FIFO LRU OPT UNOPT RAND CLOCK; do
    python3 "$sim" -n 40 -m 12 -p $policy -C 5 -s $seed -c > "drawn-$policy-C5-s$seed.txt"
  done
done
