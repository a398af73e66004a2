;; The engine's shared scans in one pass over a chunk of the lower-cased text (UTF-16 code units),
;; see shared-scanner.ts, which lays out the memory, writes the tables and the chunks, and reads
;; the results. For each unit k in [0, n) of the chunk (absolute position base + k):
;;  - starter hits: where a starter begins (after a unit that is not an ASCII word character when
;;    the boundary mode is on, as `\b` before a word character), the longest one there, found by
;;    walking a trie of the starters over the units [k, m) (m - n is the longest starter's length);
;;  - digit runs: every position where a run of ASCII digits begins or ends, alternately;
;;  - word runs: each maximal run of ASCII word characters at least `shortest` long that ends in
;;    the chunk, as (start, length).
;; Units >= 256 have no flags and no starter class. Time: at most (longest starter + 1) steps per unit.
;;
;; Header (i32 at byte offset): 0 flags of the unit before the chunk (in/out), 4 start of the open
;; word run (in/out), 8 hits written (out, pairs), 12 digit-run boundaries written (out), 16 word-run
;; numbers written (out), 20 hits ptr, 24 digit boundaries ptr, 28 word runs ptr, 32 trie ptr (u16
;; next node per node and class, 0 = none), 36 accept ptr (i32 per node: starter id + 1, 0 = none),
;; 40 classes per trie node, 44 shortest word run, 48 boundary mode (1: `\b` before starters),
;; 52 text ptr. Tables: 64 flags per unit < 256 (1 word, 2 digit), 320 trie class per unit < 256.
(module
  (memory (export "memory") 1)

  (func $walk (param $at i32) (param $m i32) (result i32)
    (local $node i32) (local $best i32) (local $c i32) (local $cls i32) (local $a i32)
    (local $trie i32) (local $accept i32) (local $width i32) (local $text i32)
    (local.set $trie (i32.load (i32.const 32)))
    (local.set $accept (i32.load (i32.const 36)))
    (local.set $width (i32.load (i32.const 40)))
    (local.set $text (i32.load (i32.const 52)))
    (block $done
      (loop $step
        (br_if $done (i32.ge_u (local.get $at) (local.get $m)))
        (local.set $c (i32.load16_u (i32.add (local.get $text) (i32.shl (local.get $at) (i32.const 1)))))
        (br_if $done (i32.ge_u (local.get $c) (i32.const 256)))
        (local.set $cls (i32.load8_u (i32.add (i32.const 320) (local.get $c))))
        (br_if $done (i32.eqz (local.get $cls)))
        (local.set $node (i32.load16_u (i32.add (local.get $trie)
          (i32.shl (i32.add (i32.mul (local.get $node) (local.get $width)) (local.get $cls)) (i32.const 1)))))
        (br_if $done (i32.eqz (local.get $node)))
        (local.set $a (i32.load (i32.add (local.get $accept) (i32.shl (local.get $node) (i32.const 2)))))
        (if (local.get $a) (then (local.set $best (local.get $a))))
        (local.set $at (i32.add (local.get $at) (i32.const 1)))
        (br $step)))
    (local.get $best))

  ;; Stores a hit (position, starter id) when the walk found one; returns the number of hits.
  (func $hit (param $hits i32) (param $nh i32) (param $pos i32) (param $id i32) (result i32)
    (if (result i32) (local.get $id)
      (then
        (i32.store (i32.add (local.get $hits) (i32.shl (local.get $nh) (i32.const 3))) (local.get $pos))
        (i32.store offset=4 (i32.add (local.get $hits) (i32.shl (local.get $nh) (i32.const 3))) (i32.sub (local.get $id) (i32.const 1)))
        (i32.add (local.get $nh) (i32.const 1)))
      (else (local.get $nh))))

  (func (export "scan") (param $base i32) (param $n i32) (param $m i32)
    (local $k i32) (local $c i32) (local $f i32) (local $prev i32) (local $wordStart i32) (local $changed i32)
    (local $hits i32) (local $nh i32) (local $digits i32) (local $nd i32) (local $words i32) (local $nw i32)
    (local $shortest i32) (local $bmode i32) (local $text i32) (local $pos i32)
    (local.set $prev (i32.load (i32.const 0)))
    (local.set $wordStart (i32.load (i32.const 4)))
    (local.set $hits (i32.load (i32.const 20)))
    (local.set $digits (i32.load (i32.const 24)))
    (local.set $words (i32.load (i32.const 28)))
    (local.set $shortest (i32.load (i32.const 44)))
    (local.set $bmode (i32.load (i32.const 48)))
    (local.set $text (i32.load (i32.const 52)))
    (block $end
      (loop $unit
        (br_if $end (i32.ge_u (local.get $k) (local.get $n)))
        (local.set $c (i32.load16_u (i32.add (local.get $text) (i32.shl (local.get $k) (i32.const 1)))))
        (local.set $f (select
          (i32.load8_u (i32.add (i32.const 64) (i32.and (local.get $c) (i32.const 255))))
          (i32.const 0)
          (i32.lt_u (local.get $c) (i32.const 256))))
        (local.set $pos (i32.add (local.get $base) (local.get $k)))
        (local.set $changed (i32.xor (local.get $f) (local.get $prev)))
        ;; a digit run begins or ends here
        (if (i32.and (local.get $changed) (i32.const 2))
          (then
            (i32.store (i32.add (local.get $digits) (i32.shl (local.get $nd) (i32.const 2))) (local.get $pos))
            (local.set $nd (i32.add (local.get $nd) (i32.const 1)))))
        ;; a word run begins (starters may begin here in the boundary mode) or ends (kept when long enough)
        (if (i32.and (local.get $changed) (i32.const 1))
          (then
            (if (i32.and (local.get $f) (i32.const 1))
              (then
                (local.set $wordStart (local.get $pos))
                (if (local.get $bmode)
                  (then (local.set $nh (call $hit (local.get $hits) (local.get $nh) (local.get $pos) (call $walk (local.get $k) (local.get $m)))))))
              (else
                (if (i32.ge_u (i32.sub (local.get $pos) (local.get $wordStart)) (local.get $shortest))
                  (then
                    (i32.store (i32.add (local.get $words) (i32.shl (local.get $nw) (i32.const 2))) (local.get $wordStart))
                    (i32.store offset=4 (i32.add (local.get $words) (i32.shl (local.get $nw) (i32.const 2))) (i32.sub (local.get $pos) (local.get $wordStart)))
                    (local.set $nw (i32.add (local.get $nw) (i32.const 2)))))))))
        (local.set $prev (local.get $f))
        ;; without the boundary mode, a starter can begin at any unit
        (if (i32.eqz (local.get $bmode))
          (then (local.set $nh (call $hit (local.get $hits) (local.get $nh) (local.get $pos) (call $walk (local.get $k) (local.get $m))))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $unit)))
    (i32.store (i32.const 0) (local.get $prev))
    (i32.store (i32.const 4) (local.get $wordStart))
    (i32.store (i32.const 8) (local.get $nh))
    (i32.store (i32.const 12) (local.get $nd))
    (i32.store (i32.const 16) (local.get $nw))))
