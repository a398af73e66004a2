;; The engine's shared scans in one pass over a chunk of the lower-cased text (UTF-16 code units),
;; see shared-scanner.ts, which lays out the memory, writes the tables and the chunks, and reads
;; the results. For each unit k in [0, n) of the chunk (absolute position base + k):
;;  - starter hits: where a starter begins (where a run of ASCII word characters begins when the
;;    boundary mode is on, as `\b` before a word character; otherwise at every unit), the longest
;;    one there, found by walking a trie of the starters over the units [k, m) (m - n is the
;;    longest starter's length);
;;  - digit runs: every position where a run of ASCII digits begins or ends, alternately;
;;  - word runs: each maximal run of ASCII word characters at least `shortest` long that ends in
;;    the chunk, as (start, length).
;; Eight units are classified at a time (SIMD); units >= 256 are neither word characters nor in
;; a starter. Time: at most (longest starter + 1) steps per unit.
;;
;; Header (i32 at byte offset): 0 the unit before the chunk (in/out: 1 word character, 2 digit),
;; 4 start of the open word run (in/out), 8 hits written (out, pairs), 12 digit-run boundaries
;; written (out), 16 word-run numbers written (out), 20 hits ptr, 24 digit boundaries ptr, 28 word
;; runs ptr, 32 trie ptr (u16 next node per node and class, 0 = none; node 0 is the root), 36 accept
;; ptr (i32 per node: starter index + 1, 0 = none), 40 classes per trie node, 44 shortest word run,
;; 48 boundary mode (1: starters only where a word run begins), 52 text ptr (8 units readable past
;; m). Table: 320 trie class per unit < 256 (0: in no starter).
(module
  (memory (export "memory") 1)

;; The longest starter beginning at unit $at (units [$at, $m) readable): its index + 1, or 0.
  (func $walk (param $at i32) (param $m i32) (param $text i32) (param $trie i32) (param $accept i32) (param $width i32) (result i32)
    (local $node i32) (local $best i32) (local $c i32) (local $cls i32) (local $a i32)
    (block $done
      (loop $step
        (br_if $done (i32.ge_u (local.get $at) (local.get $m)))
        (local.set $c (i32.load16_u (i32.add (local.get $text) (i32.shl (local.get $at) (i32.const 1)))))
        (br_if $done (i32.ge_u (local.get $c) (i32.const 256)))
        (local.set $cls (i32.load8_u offset=320 (local.get $c)))
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

  ;; Eight units at a time: which are ASCII word characters and digits (SIMD), then only where
  ;; one of them begins or ends a run is anything recorded or a starter looked for.
  (func (export "scan") (param $base i32) (param $n i32) (param $m i32)
    (local $k i32) (local $v v128) (local $bits i32) (local $valid i32) (local $count i32)
    (local $w i32) (local $d i32) (local $prevW i32) (local $prevD i32) (local $starts i32) (local $t i32) (local $b i32)
    (local $wordStart i32) (local $pos i32) (local $j i32)
    (local $hits i32) (local $nh i32) (local $digits i32) (local $nd i32) (local $words i32) (local $nw i32)
    (local $shortest i32) (local $bmode i32) (local $text i32) (local $trie i32) (local $accept i32) (local $width i32)
    (local.set $prevW (i32.and (i32.load (i32.const 0)) (i32.const 1)))
    (local.set $prevD (i32.shr_u (i32.and (i32.load (i32.const 0)) (i32.const 2)) (i32.const 1)))
    (local.set $wordStart (i32.load (i32.const 4)))
    (local.set $hits (i32.load (i32.const 20)))
    (local.set $digits (i32.load (i32.const 24)))
    (local.set $words (i32.load (i32.const 28)))
    (local.set $trie (i32.load (i32.const 32)))
    (local.set $accept (i32.load (i32.const 36)))
    (local.set $width (i32.load (i32.const 40)))
    (local.set $shortest (i32.load (i32.const 44)))
    (local.set $bmode (i32.load (i32.const 48)))
    (local.set $text (i32.load (i32.const 52)))
    (block $end
      (loop $block
        (br_if $end (i32.ge_u (local.get $k) (local.get $n)))
        (local.set $count (select (i32.const 8) (i32.sub (local.get $n) (local.get $k)) (i32.ge_u (i32.sub (local.get $n) (local.get $k)) (i32.const 8))))
        (local.set $valid (i32.sub (i32.shl (i32.const 1) (local.get $count)) (i32.const 1)))
        (local.set $v (v128.load (i32.add (local.get $text) (i32.shl (local.get $k) (i32.const 1)))))
        ;; word: (c | 0x20) in a..z, or c in 0..9, or c = _; digit: c in 0..9 (16-bit lanes: units >= 256 are neither)
        (local.set $bits (i8x16.bitmask (i8x16.narrow_i16x8_s
          (v128.or
            (v128.or
              (i16x8.lt_u (i16x8.sub (v128.or (local.get $v) (i16x8.splat (i32.const 0x20))) (i16x8.splat (i32.const 97))) (i16x8.splat (i32.const 26)))
              (i16x8.lt_u (i16x8.sub (local.get $v) (i16x8.splat (i32.const 48))) (i16x8.splat (i32.const 10))))
            (i16x8.eq (local.get $v) (i16x8.splat (i32.const 95))))
          (i16x8.lt_u (i16x8.sub (local.get $v) (i16x8.splat (i32.const 48))) (i16x8.splat (i32.const 10))))))
        (local.set $w (i32.and (local.get $bits) (local.get $valid)))
        (local.set $d (i32.and (i32.shr_u (local.get $bits) (i32.const 8)) (local.get $valid)))
        ;; digit runs: a boundary wherever a unit's digit bit differs from the one before it
        (local.set $t (i32.and (i32.xor (local.get $d) (i32.or (i32.shl (local.get $d) (i32.const 1)) (local.get $prevD))) (local.get $valid)))
        (block $digitsDone
          (loop $digit
            (br_if $digitsDone (i32.eqz (local.get $t)))
            (i32.store (i32.add (local.get $digits) (i32.shl (local.get $nd) (i32.const 2)))
              (i32.add (i32.add (local.get $base) (local.get $k)) (i32.ctz (local.get $t))))
            (local.set $nd (i32.add (local.get $nd) (i32.const 1)))
            (local.set $t (i32.and (local.get $t) (i32.sub (local.get $t) (i32.const 1))))
            (br $digit)))
        ;; word runs begin (starters in the boundary mode) and end, in order
        (local.set $b (i32.or (i32.shl (local.get $w) (i32.const 1)) (local.get $prevW)))
        (local.set $starts (i32.and (local.get $w) (i32.xor (local.get $b) (i32.const -1))))
        (local.set $t (i32.and (i32.xor (local.get $w) (local.get $b)) (local.get $valid)))
        (block $wordsDone
          (loop $edge
            (br_if $wordsDone (i32.eqz (local.get $t)))
            (local.set $j (i32.ctz (local.get $t)))
            (local.set $pos (i32.add (i32.add (local.get $base) (local.get $k)) (local.get $j)))
            (if (i32.and (i32.shr_u (local.get $starts) (local.get $j)) (i32.const 1))
              (then
                (local.set $wordStart (local.get $pos))
                (if (local.get $bmode)
                  (then (local.set $nh (call $hit (local.get $hits) (local.get $nh) (local.get $pos)
                    (call $walk (i32.add (local.get $k) (local.get $j)) (local.get $m) (local.get $text) (local.get $trie) (local.get $accept) (local.get $width)))))))
              (else
                (if (i32.ge_u (i32.sub (local.get $pos) (local.get $wordStart)) (local.get $shortest))
                  (then
                    (i32.store (i32.add (local.get $words) (i32.shl (local.get $nw) (i32.const 2))) (local.get $wordStart))
                    (i32.store offset=4 (i32.add (local.get $words) (i32.shl (local.get $nw) (i32.const 2))) (i32.sub (local.get $pos) (local.get $wordStart)))
                    (local.set $nw (i32.add (local.get $nw) (i32.const 2)))))))
            (local.set $t (i32.and (local.get $t) (i32.sub (local.get $t) (i32.const 1))))
            (br $edge)))
        ;; without the boundary mode, a starter can begin at any unit
        (if (i32.eqz (local.get $bmode))
          (then
            (local.set $j (i32.const 0))
            (block $allDone
              (loop $every
                (br_if $allDone (i32.ge_u (local.get $j) (local.get $count)))
                (local.set $nh (call $hit (local.get $hits) (local.get $nh) (i32.add (i32.add (local.get $base) (local.get $k)) (local.get $j))
                  (call $walk (i32.add (local.get $k) (local.get $j)) (local.get $m) (local.get $text) (local.get $trie) (local.get $accept) (local.get $width))))
                (local.set $j (i32.add (local.get $j) (i32.const 1)))
                (br $every)))))
        (local.set $prevW (i32.and (i32.shr_u (local.get $w) (i32.sub (local.get $count) (i32.const 1))) (i32.const 1)))
        (local.set $prevD (i32.and (i32.shr_u (local.get $d) (i32.sub (local.get $count) (i32.const 1))) (i32.const 1)))
        (local.set $k (i32.add (local.get $k) (i32.const 8)))
        (br $block)))
    (i32.store (i32.const 0) (i32.or (local.get $prevW) (i32.shl (local.get $prevD) (i32.const 1))))
    (i32.store (i32.const 4) (local.get $wordStart))
    (i32.store (i32.const 8) (local.get $nh))
    (i32.store (i32.const 12) (local.get $nd))
    (i32.store (i32.const 16) (local.get $nw))))
