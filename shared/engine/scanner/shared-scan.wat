;; The engine's shared scans in one pass over a chunk of the text (UTF-16 code units), lower-cased
;; here first as lowerOf lower-cases it (the text holds no İ, whose lower case is two units), see
;; shared-scanner.ts, which lays out the memory, writes the tables and the chunks, and reads the
;; results. For each unit k in [0, n) of the chunk (absolute position base + k):
;;  - starter hits: where a starter begins (where a run of ASCII word characters begins when the
;;    boundary mode is on, as `\b` before a word character; otherwise at every unit), the longest
;;    one there, found by walking a trie of the starters over the units [k, m) (m - n is the
;;    longest starter's length; the unit at m is 0, in no starter, and ends every walk), walked
;;    only where the start filter's bit for the first three units' classes is set;
;;  - digit runs: every position where a run of ASCII digits begins or ends, alternately;
;;  - word runs: each maximal run of ASCII word characters at least `shortest` long that ends in
;;    the chunk, as (start, length);
;;  - literals (up to 16, of 2 to 30 ASCII units): which of them begin in the chunk (a candidate is
;;    where the first three units fit one, a third unit read past m fitting any: each is checked).
;; Sixteen units are classified at a time (SIMD); units >= 256 are neither word characters nor in
;; a starter. Time: at most (longest starter + 1) steps per unit. Nothing is called per unit: V8
;; (11.3) does not inline calls within WebAssembly, and a call per block or per word start cost
;; more than the work in it.
;;
;; Header (i32 at byte offset): 0 the unit before the chunk (in/out: 1 word character, 2 digit),
;; 4 start of the open word run (in/out), 8 hits written (out, pairs), 12 digit-run boundaries
;; written (out), 16 word-run numbers written (out), 20 hits ptr, 24 digit boundaries ptr, 28 word
;; runs ptr, 32 trie ptr (u16 per node and class: next node * 2 + 1 when a starter ends there,
;; 0 = none; node 0 is the root), 36 accept ptr (i32 per node: starter index + 1), 40 log2 of the
;; classes per node, 44 shortest word run,
;; 48 boundary mode (1: starters only where a word run begins), 52 text ptr (16 units readable past
;; m), 56 the bits of all literals, 60 the bits of the literals found (in/out), 64 start filter ptr
;; (8 KiB: bit h set when some starter can begin with units whose classes hash to h), 68 whether ſ
;; or the Kelvin sign was lower-cased to a word character (in/out). Tables: 320 trie class
;; per unit < 256 (0: in no starter); 576, 592, 608, 624: the buckets of literals 0-7 (bit i: literal
;; i) by low and high nibble of their first unit, then of their second; 256, 272, 288, 304: the same
;; for literals 8-15 (bit i - 8); 128, 144: the buckets of literals 0-7 by low and high nibble of
;; their third unit (a literal of two units in every entry), 160, 176: the same for literals 8-15;
;; 640 + 64 i: literal i (i32 length, then its units); 1664: 32 bytes of scratch.
(module
  (memory (export "memory") 1)

;; Stores the word run [start, end) when it is at least `shortest` long; returns the numbers written.
  (func $wordRun (param $words i32) (param $nw i32) (param $start i32) (param $end i32) (param $shortest i32) (result i32)
    (if (result i32) (i32.ge_u (i32.sub (local.get $end) (local.get $start)) (local.get $shortest))
      (then
        (i32.store (i32.add (local.get $words) (i32.shl (local.get $nw) (i32.const 2))) (local.get $start))
        (i32.store offset=4 (i32.add (local.get $words) (i32.shl (local.get $nw) (i32.const 2))) (i32.sub (local.get $end) (local.get $start)))
        (i32.add (local.get $nw) (i32.const 2)))
      (else (local.get $nw))))

  ;; Per eight units, as 16-bit lanes (written out in `scan` twice, see above): word characters, (c | 0x20) in
  ;; a..z, or c in 0..9, or c = _; digits, c in 0..9 (units >= 256 are neither). Unsigned ranges
  ;; are tested as signed ones shifted by 0x8000 (x64 has no unsigned 16-bit compare).

  ;; Sixteen units at a time: which are ASCII word characters and digits (SIMD), then only where
  ;; one of them begins or ends a run is anything recorded or a starter looked for.
  (func (export "scan") (param $base i32) (param $n i32) (param $m i32)
    (local $k i32) (local $v v128) (local $w0 v128) (local $d0 v128) (local $w1 v128) (local $d1 v128) (local $valid i32) (local $count i32)
    (local $w i32) (local $d i32) (local $prevW i32) (local $prevD i32) (local $starts i32) (local $t i32) (local $b i32)
    (local $wordStart i32) (local $pos i32) (local $j i32) (local $node i32) (local $best i32) (local $c i32) (local $cls i32) (local $a i32)
    (local $hits i32) (local $nh i32) (local $digits i32) (local $nd i32) (local $words i32) (local $nw i32)
    (local $shortest i32) (local $bmode i32) (local $text i32) (local $trie i32) (local $accept i32) (local $shift i32) (local $filter i32) (local $u i32) (local $p i32) (local $len i32) (local $q i32)
    (local $all i32) (local $found i32) (local $at i32) (local $b0 v128) (local $b1 v128) (local $cand v128) (local $lanes i32) (local $lit i32)
    (local $lo1 v128) (local $hi1 v128) (local $lo2 v128) (local $hi2 v128) (local $lo3 v128) (local $hi3 v128) (local $lo4 v128) (local $hi4 v128) (local $candHigh v128) (local $lowNibbles0 v128) (local $lowNibbles1 v128)
    (local $highNibbles0 v128) (local $highNibbles1 v128) (local $b2 v128) (local $lowNibbles2 v128) (local $highNibbles2 v128)
    (local $lo5 v128) (local $hi5 v128) (local $lo6 v128) (local $hi6 v128) (local $folded i32) (local $wideAcc v128)
    (local.set $all (i32.load (i32.const 56)))
    (local.set $found (i32.load (i32.const 60)))
    (local.set $lo1 (v128.load (i32.const 576)))
    (local.set $hi1 (v128.load (i32.const 592)))
    (local.set $lo2 (v128.load (i32.const 608)))
    (local.set $hi2 (v128.load (i32.const 624)))
    (local.set $lo3 (v128.load (i32.const 256)))
    (local.set $hi3 (v128.load (i32.const 272)))
    (local.set $lo4 (v128.load (i32.const 288)))
    (local.set $hi4 (v128.load (i32.const 304)))
    (local.set $lo5 (v128.load (i32.const 128)))
    (local.set $hi5 (v128.load (i32.const 144)))
    (local.set $lo6 (v128.load (i32.const 160)))
    (local.set $hi6 (v128.load (i32.const 176)))
    (local.set $prevW (i32.and (i32.load (i32.const 0)) (i32.const 1)))
    (local.set $prevD (i32.shr_u (i32.and (i32.load (i32.const 0)) (i32.const 2)) (i32.const 1)))
    (local.set $wordStart (i32.load (i32.const 4)))
    (local.set $hits (i32.load (i32.const 20)))
    (local.set $digits (i32.load (i32.const 24)))
    (local.set $words (i32.load (i32.const 28)))
    (local.set $trie (i32.load (i32.const 32)))
    (local.set $accept (i32.load (i32.const 36)))
    (local.set $shift (i32.load (i32.const 40)))
    (local.set $shortest (i32.load (i32.const 44)))
    (local.set $bmode (i32.load (i32.const 48)))
    (local.set $text (i32.load (i32.const 52)))
    (local.set $filter (i32.load (i32.const 64)))
    (local.set $folded (i32.load (i32.const 68)))
    ;; the chunk lower-cased in place first, as lowerOf lower-cases the text (everything below reads
    ;; ahead of the unit it is at): A-Z and À-Þ but × (+ 0x20, eight units at a time); of the units
    ;; above 255, the five whose lower case is below 256 (ſ to s, as lowerOf folds it), in a second
    ;; pass only when the chunk holds a unit above 255 (a test per eight units cost more than the
    ;; lower-casing); `folded` when ſ or the Kelvin sign became a word character
    (block $lowered
      (loop $lower
        (br_if $lowered (i32.ge_u (local.get $k) (local.get $m)))
        (local.set $at (i32.add (local.get $text) (i32.shl (local.get $k) (i32.const 1))))
        (local.set $v (v128.load (local.get $at)))
        (v128.store (local.get $at)
          (i16x8.add (local.get $v)
            (v128.and (v128.const i16x8 0x20 0x20 0x20 0x20 0x20 0x20 0x20 0x20)
              (v128.or
                (i16x8.lt_s (i16x8.add (local.get $v) (v128.const i16x8 0x7fbf 0x7fbf 0x7fbf 0x7fbf 0x7fbf 0x7fbf 0x7fbf 0x7fbf))
                  (v128.const i16x8 0x801a 0x801a 0x801a 0x801a 0x801a 0x801a 0x801a 0x801a))
                (v128.andnot
                  (i16x8.lt_s (i16x8.add (local.get $v) (v128.const i16x8 0x7f40 0x7f40 0x7f40 0x7f40 0x7f40 0x7f40 0x7f40 0x7f40))
                    (v128.const i16x8 0x801f 0x801f 0x801f 0x801f 0x801f 0x801f 0x801f 0x801f))
                  (i16x8.eq (local.get $v) (v128.const i16x8 0xd7 0xd7 0xd7 0xd7 0xd7 0xd7 0xd7 0xd7)))))))
        (local.set $wideAcc (v128.or (local.get $wideAcc) (local.get $v)))
        (local.set $k (i32.add (local.get $k) (i32.const 8)))
        (br $lower)))
    (local.set $k (i32.const 0))
    ;; units above 255 in the chunk: a second pass for the five whose lower case is below 256
    (if (v128.any_true (v128.and (local.get $wideAcc) (v128.const i16x8 0xff00 0xff00 0xff00 0xff00 0xff00 0xff00 0xff00 0xff00)))
      (then
        (block $fixed
          (loop $fix
            (br_if $fixed (i32.ge_u (local.get $k) (local.get $m)))
            (local.set $at (i32.add (local.get $text) (i32.shl (local.get $k) (i32.const 1))))
            (local.set $v (v128.load (local.get $at)))
            ;; the scalar loop only for a vector that holds one of the five (a SIMD compare against
            ;; each): text where every vector holds a unit above 255 (CJK) would otherwise take the
            ;; loop for every unit
            (if (v128.any_true
                  (v128.or (v128.or (v128.or (i16x8.eq (local.get $v) (v128.const i16x8 0x212a 0x212a 0x212a 0x212a 0x212a 0x212a 0x212a 0x212a))
                                             (i16x8.eq (local.get $v) (v128.const i16x8 0x17f 0x17f 0x17f 0x17f 0x17f 0x17f 0x17f 0x17f)))
                                    (v128.or (i16x8.eq (local.get $v) (v128.const i16x8 0x212b 0x212b 0x212b 0x212b 0x212b 0x212b 0x212b 0x212b))
                                             (i16x8.eq (local.get $v) (v128.const i16x8 0x178 0x178 0x178 0x178 0x178 0x178 0x178 0x178))))
                           (i16x8.eq (local.get $v) (v128.const i16x8 0x1e9e 0x1e9e 0x1e9e 0x1e9e 0x1e9e 0x1e9e 0x1e9e 0x1e9e))))
              (then
                (local.set $q (i32.const 0))
                (block $wideDone
                  (loop $wide
                    ;; only units before m: those past it are not the text's
                    (br_if $wideDone (i32.or (i32.ge_u (local.get $q) (i32.const 8)) (i32.ge_u (i32.add (local.get $k) (local.get $q)) (local.get $m))))
                    (local.set $p (i32.add (local.get $at) (i32.shl (local.get $q) (i32.const 1))))
                    (local.set $c (i32.load16_u (local.get $p)))
                    (if (i32.eq (local.get $c) (i32.const 0x212a)) (then (i32.store16 (local.get $p) (i32.const 0x6b)) (local.set $folded (i32.const 1))))
                    (if (i32.eq (local.get $c) (i32.const 0x17f)) (then (i32.store16 (local.get $p) (i32.const 0x73)) (local.set $folded (i32.const 1))))
                    (if (i32.eq (local.get $c) (i32.const 0x212b)) (then (i32.store16 (local.get $p) (i32.const 0xe5))))
                    (if (i32.eq (local.get $c) (i32.const 0x178)) (then (i32.store16 (local.get $p) (i32.const 0xff))))
                    (if (i32.eq (local.get $c) (i32.const 0x1e9e)) (then (i32.store16 (local.get $p) (i32.const 0xdf))))
                    (local.set $q (i32.add (local.get $q) (i32.const 1)))
                    (br $wide)))))
            (local.set $k (i32.add (local.get $k) (i32.const 8)))
            (br $fix)))
        (local.set $k (i32.const 0))))
    (block $end
      (loop $block
        (br_if $end (i32.ge_u (local.get $k) (local.get $n)))
        (local.set $count (select (i32.const 16) (i32.sub (local.get $n) (local.get $k)) (i32.ge_u (i32.sub (local.get $n) (local.get $k)) (i32.const 16))))
        (local.set $valid (i32.sub (i32.shl (i32.const 1) (local.get $count)) (i32.const 1)))
        (local.set $at (i32.add (local.get $text) (i32.shl (local.get $k) (i32.const 1))))
        (local.set $v (v128.load (local.get $at)))
        (local.set $d0 (i16x8.lt_s (i16x8.add (local.get $v) (v128.const i16x8 0x7fd0 0x7fd0 0x7fd0 0x7fd0 0x7fd0 0x7fd0 0x7fd0 0x7fd0))
          (v128.const i16x8 0x800a 0x800a 0x800a 0x800a 0x800a 0x800a 0x800a 0x800a)))
        (local.set $w0 (v128.or
          (v128.or
            (i16x8.lt_s (i16x8.add (v128.or (local.get $v) (v128.const i16x8 0x20 0x20 0x20 0x20 0x20 0x20 0x20 0x20))
                (v128.const i16x8 0x7f9f 0x7f9f 0x7f9f 0x7f9f 0x7f9f 0x7f9f 0x7f9f 0x7f9f))
              (v128.const i16x8 0x801a 0x801a 0x801a 0x801a 0x801a 0x801a 0x801a 0x801a))
            (local.get $d0))
          (i16x8.eq (local.get $v) (v128.const i16x8 0x5f 0x5f 0x5f 0x5f 0x5f 0x5f 0x5f 0x5f))))
        (local.set $v (v128.load offset=16 (local.get $at)))
        (local.set $d1 (i16x8.lt_s (i16x8.add (local.get $v) (v128.const i16x8 0x7fd0 0x7fd0 0x7fd0 0x7fd0 0x7fd0 0x7fd0 0x7fd0 0x7fd0))
          (v128.const i16x8 0x800a 0x800a 0x800a 0x800a 0x800a 0x800a 0x800a 0x800a)))
        (local.set $w1 (v128.or
          (v128.or
            (i16x8.lt_s (i16x8.add (v128.or (local.get $v) (v128.const i16x8 0x20 0x20 0x20 0x20 0x20 0x20 0x20 0x20))
                (v128.const i16x8 0x7f9f 0x7f9f 0x7f9f 0x7f9f 0x7f9f 0x7f9f 0x7f9f 0x7f9f))
              (v128.const i16x8 0x801a 0x801a 0x801a 0x801a 0x801a 0x801a 0x801a 0x801a))
            (local.get $d1))
          (i16x8.eq (local.get $v) (v128.const i16x8 0x5f 0x5f 0x5f 0x5f 0x5f 0x5f 0x5f 0x5f))))
        (local.set $w (i32.and (i8x16.bitmask (i8x16.narrow_i16x8_s (local.get $w0) (local.get $w1))) (local.get $valid)))
        (local.set $d (i32.and (i8x16.bitmask (i8x16.narrow_i16x8_s (local.get $d0) (local.get $d1))) (local.get $valid)))
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
        ;; word runs: where one begins and ends; with `shortest` >= 16 only the run open when the
        ;; block begins can end long enough in it, and only the block's last start can stay open
        (local.set $b (i32.or (i32.shl (local.get $w) (i32.const 1)) (local.get $prevW)))
        (local.set $starts (i32.and (local.get $w) (i32.xor (local.get $b) (i32.const -1))))
        (local.set $t (i32.and (i32.xor (local.get $w) (local.get $b)) (local.get $valid)))
        (if (i32.ge_u (local.get $shortest) (i32.const 16))
          (then
            (local.set $t (i32.and (local.get $t) (i32.xor (local.get $starts) (i32.const -1))))
            (if (i32.and (local.get $prevW) (i32.ne (local.get $t) (i32.const 0)))
              (then (local.set $nw (call $wordRun (local.get $words) (local.get $nw) (local.get $wordStart)
                (i32.add (i32.add (local.get $base) (local.get $k)) (i32.ctz (local.get $t))) (local.get $shortest)))))
            (if (local.get $starts)
              (then (local.set $wordStart (i32.add (i32.add (local.get $base) (local.get $k)) (i32.sub (i32.const 31) (i32.clz (local.get $starts))))))))
          (else
            (block $wordsDone
              (loop $edge
                (br_if $wordsDone (i32.eqz (local.get $t)))
                (local.set $j (i32.ctz (local.get $t)))
                (local.set $pos (i32.add (i32.add (local.get $base) (local.get $k)) (local.get $j)))
                (if (i32.and (i32.shr_u (local.get $starts) (local.get $j)) (i32.const 1))
                  (then (local.set $wordStart (local.get $pos)))
                  (else (local.set $nw (call $wordRun (local.get $words) (local.get $nw) (local.get $wordStart) (local.get $pos) (local.get $shortest)))))
                (local.set $t (i32.and (local.get $t) (i32.sub (local.get $t) (i32.const 1))))
                (br $edge)))))
        ;; starters: where a word run begins in the boundary mode, otherwise at every unit
        (local.set $t (select (local.get $starts) (local.get $valid) (local.get $bmode)))
        (block $startersDone
          (loop $candidate
            (br_if $startersDone (i32.eqz (local.get $t)))
            (local.set $j (i32.add (local.get $k) (i32.ctz (local.get $t))))
            ;; the start filter first: a bit per hash of the classes of the units j, j + 1, j + 2 (set
            ;; for every class a starter shorter than three units leaves open), so most word starts,
            ;; which begin no starter, cost no walk and no unpredictable branch
            (local.set $c (i32.add (local.get $text) (i32.shl (local.get $j) (i32.const 1))))
            (local.set $a (i32.shr_u
              (i32.mul
                (i32.or (i32.or
                  (i32.shl (i32.load8_u offset=320 (select (local.tee $u (i32.load16_u (local.get $c))) (i32.const 0) (i32.lt_u (local.get $u) (i32.const 256)))) (i32.const 16))
                  (i32.shl (i32.load8_u offset=320 (select (local.tee $u (i32.load16_u offset=2 (local.get $c))) (i32.const 0) (i32.lt_u (local.get $u) (i32.const 256)))) (i32.const 8)))
                  (i32.load8_u offset=320 (select (local.tee $u (i32.load16_u offset=4 (local.get $c))) (i32.const 0) (i32.lt_u (local.get $u) (i32.const 256)))))
                (i32.const 0x9e3779b1))
              (i32.const 16)))
            (if (i32.and (i32.load8_u (i32.add (local.get $filter) (i32.shr_u (local.get $a) (i32.const 3)))) (i32.shl (i32.const 1) (i32.and (local.get $a) (i32.const 7))))
              (then
              ;; the trie walk: the longest starter from unit j
              (local.set $node (i32.const 0))
              (local.set $best (i32.const 0))
              (block $walked
                (loop $step
                  ;; a unit >= 256 reads the class of unit 0 (in no starter); so does the 0 written at m
                  (local.set $c (i32.load16_u (i32.add (local.get $text) (i32.shl (local.get $j) (i32.const 1)))))
                  (local.set $cls (i32.load8_u offset=320 (select (local.get $c) (i32.const 0) (i32.lt_u (local.get $c) (i32.const 256)))))
                  ;; class 0 has no next node in any row
                  (local.set $a (i32.load16_u (i32.add (local.get $trie)
                    (i32.shl (i32.add (i32.shl (local.get $node) (local.get $shift)) (local.get $cls)) (i32.const 1)))))
                  (br_if $walked (i32.eqz (local.get $a)))
                  (local.set $node (i32.shr_u (local.get $a) (i32.const 1)))
                  (local.set $best (select (local.get $node) (local.get $best) (i32.and (local.get $a) (i32.const 1))))
                  (local.set $j (i32.add (local.get $j) (i32.const 1)))
                  (br $step)))
              (if (local.get $best)
                (then
                  (local.set $best (i32.load (i32.add (local.get $accept) (i32.shl (local.get $best) (i32.const 2)))))
                  (i32.store (i32.add (local.get $hits) (i32.shl (local.get $nh) (i32.const 3)))
                    (i32.add (i32.add (local.get $base) (local.get $k)) (i32.ctz (local.get $t))))
                  (i32.store offset=4 (i32.add (local.get $hits) (i32.shl (local.get $nh) (i32.const 3))) (i32.sub (local.get $best) (i32.const 1)))
                  (local.set $nh (i32.add (local.get $nh) (i32.const 1)))))))
            (local.set $t (i32.and (local.get $t) (i32.sub (local.get $t) (i32.const 1))))
            (br $candidate)))
        ;; literals not found yet: candidates where the first two units' nibbles fit one of them
        ;; (bucket bit i for literal i, as ripgrep's Teddy filters; two sets of tables, literals 0-7
        ;; and 8-15), and the third unit's too (prose is full of "se", "ho", "ai"; rarely of "sec",
        ;; "hoo", "aiz"), then each candidate checked
        (if (i32.ne (local.get $found) (local.get $all))
          (then
            (local.set $b0 (i8x16.narrow_i16x8_u (v128.load (local.get $at)) (v128.load offset=16 (local.get $at))))
            (local.set $b1 (i8x16.narrow_i16x8_u (v128.load offset=2 (local.get $at)) (v128.load offset=18 (local.get $at))))
            (local.set $lowNibbles0 (v128.and (local.get $b0) (v128.const i8x16 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15)))
            (local.set $highNibbles0 (i8x16.shr_u (local.get $b0) (i32.const 4)))
            (local.set $lowNibbles1 (v128.and (local.get $b1) (v128.const i8x16 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15)))
            (local.set $highNibbles1 (i8x16.shr_u (local.get $b1) (i32.const 4)))
            (local.set $b2 (i8x16.narrow_i16x8_u (v128.load offset=4 (local.get $at)) (v128.load offset=20 (local.get $at))))
            (local.set $lowNibbles2 (v128.and (local.get $b2) (v128.const i8x16 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15)))
            (local.set $highNibbles2 (i8x16.shr_u (local.get $b2) (i32.const 4)))
            (local.set $cand (v128.and
              (v128.and
                (v128.and (i8x16.swizzle (local.get $lo1) (local.get $lowNibbles0)) (i8x16.swizzle (local.get $hi1) (local.get $highNibbles0)))
                (v128.and
                  (v128.and (i8x16.swizzle (local.get $lo2) (local.get $lowNibbles1)) (i8x16.swizzle (local.get $hi2) (local.get $highNibbles1)))
                  (v128.and (i8x16.swizzle (local.get $lo5) (local.get $lowNibbles2)) (i8x16.swizzle (local.get $hi5) (local.get $highNibbles2)))))
              (i8x16.splat (i32.xor (local.get $found) (i32.const -1)))))
            ;; literals 8-15 only when there are any
            (local.set $candHigh (if (result v128) (i32.gt_u (local.get $all) (i32.const 255))
              (then (v128.and
                (v128.and
                (v128.and (i8x16.swizzle (local.get $lo3) (local.get $lowNibbles0)) (i8x16.swizzle (local.get $hi3) (local.get $highNibbles0)))
                (v128.and
                  (v128.and (i8x16.swizzle (local.get $lo4) (local.get $lowNibbles1)) (i8x16.swizzle (local.get $hi4) (local.get $highNibbles1)))
                  (v128.and (i8x16.swizzle (local.get $lo6) (local.get $lowNibbles2)) (i8x16.swizzle (local.get $hi6) (local.get $highNibbles2)))))
                (i8x16.splat (i32.shr_u (i32.xor (local.get $found) (i32.const -1)) (i32.const 8)))))
              (else (v128.const i64x2 0 0))))
            (local.set $t (i32.and (i8x16.bitmask (i8x16.ne (v128.or (local.get $cand) (local.get $candHigh)) (v128.const i64x2 0 0))) (local.get $valid)))
            (if (local.get $t)
              (then
                (v128.store (i32.const 1664) (local.get $cand))
                (v128.store (i32.const 1680) (local.get $candHigh))
                (block $candidatesDone
                  (loop $literalCandidate
                    (br_if $candidatesDone (i32.eqz (local.get $t)))
                    (local.set $j (i32.ctz (local.get $t)))
                    (local.set $lanes (i32.and
                      (i32.or (i32.load8_u offset=1664 (local.get $j)) (i32.shl (i32.load8_u offset=1680 (local.get $j)) (i32.const 8)))
                      (i32.xor (local.get $found) (i32.const -1))))
                    (block $lanesDone
                      (loop $lane
                        (br_if $lanesDone (i32.eqz (local.get $lanes)))
                        (local.set $lit (i32.ctz (local.get $lanes)))
                        ;; whether literal $lit (at 640 + 64 $lit: length, then its units) is at unit k + j
                        (local.set $p (i32.add (i32.const 640) (i32.shl (local.get $lit) (i32.const 6))))
                        (local.set $len (i32.load (local.get $p)))
                        (local.set $c (i32.add (local.get $k) (local.get $j)))
                        (block $differs
                          (br_if $differs (i32.gt_u (i32.add (local.get $c) (local.get $len)) (local.get $m)))
                          (local.set $q (i32.const 0))
                          (loop $unit
                            (if (i32.ge_u (local.get $q) (local.get $len))
                              (then
                                (local.set $found (i32.or (local.get $found) (i32.shl (i32.const 1) (local.get $lit))))
                                (br $differs)))
                            (br_if $differs (i32.ne (i32.load16_u (i32.add (local.get $text) (i32.shl (i32.add (local.get $c) (local.get $q)) (i32.const 1))))
                                                    (i32.load16_u offset=4 (i32.add (local.get $p) (i32.shl (local.get $q) (i32.const 1))))))
                            (local.set $q (i32.add (local.get $q) (i32.const 1)))
                            (br $unit)))
                        (local.set $lanes (i32.and (local.get $lanes) (i32.sub (local.get $lanes) (i32.const 1))))
                        (br $lane)))
                    (local.set $t (i32.and (local.get $t) (i32.sub (local.get $t) (i32.const 1))))
                    (br $literalCandidate)))))))
        (local.set $prevW (i32.and (i32.shr_u (local.get $w) (i32.sub (local.get $count) (i32.const 1))) (i32.const 1)))
        (local.set $prevD (i32.and (i32.shr_u (local.get $d) (i32.sub (local.get $count) (i32.const 1))) (i32.const 1)))
        (local.set $k (i32.add (local.get $k) (i32.const 16)))
        (br $block)))
    (i32.store (i32.const 0) (i32.or (local.get $prevW) (i32.shl (local.get $prevD) (i32.const 1))))
    (i32.store (i32.const 4) (local.get $wordStart))
    (i32.store (i32.const 8) (local.get $nh))
    (i32.store (i32.const 12) (local.get $nd))
    (i32.store (i32.const 16) (local.get $nw))
    (i32.store (i32.const 60) (local.get $found))
    (i32.store (i32.const 68) (local.get $folded))))
