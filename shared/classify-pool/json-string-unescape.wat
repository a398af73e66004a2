;; The body of a JSON string (the bytes after its opening quote), unescaped, 16 bytes at a time
;; (shared/classify-pool/name-content-body.ts uses it for the content of a large POST
;; /classify/preview body). Assembled by bin/build-wasm.ts into
;; json-string-unescape-wasm.ts; test/wasm-build.test.ts checks the bytes, test/name-content-body.test.ts compares
;; the results with JSON.parse.
;;
;; The caller writes the input at [0, n) of the memory, then at least 32 bytes of '"' (0x22), and
;; calls unescape(n, out) with `out` 16-byte aligned, at or after n + 32, and room for n + 16
;; bytes there. The unescaped bytes are written from `out` on (16 at a time, so up to 15 bytes
;; beyond the result are overwritten). Returns the index of the closing quote in the input, with
;; the length of the unescaped bytes in the global `written`; or -1 when the bytes before the
;; closing quote hold a control character (below 0x20), a \uXXXX beyond ASCII (0080-FFFF,
;; surrogates included), or an escape other than \" \\ \/ \b \f \n \r \t \u0000-\u007f, which the
;; caller leaves to JSON.parse. (Writing \uXXXX beyond ASCII as UTF-8 was tried: the result must
;; then be decoded as UTF-8, which costs more than JSON.parse of the escaped ASCII body, 6.5-7.1
;; against 4.8-5.0 ms per MiB of ensure_ascii text with accents.) Bytes from 0x80 on are copied as
;; they are. A closing quote at n or beyond is the padding's: the input had none.
;;
;; Linear: every step moves the input on by at least one byte, and the padding stops it.
(module
  (memory (export "memory") 1)
  (global $written (export "written") (mut i32) (i32.const 0))

  ;; The value of a hex digit, or -1.
  (func $hex (param $c i32) (result i32)
    (if (i32.lt_u (i32.sub (local.get $c) (i32.const 0x30)) (i32.const 10)) (then (return (i32.sub (local.get $c) (i32.const 0x30)))))
    (local.set $c (i32.or (local.get $c) (i32.const 0x20))) ;; A-F as a-f (no other byte lands in a-f)
    (if (i32.lt_u (i32.sub (local.get $c) (i32.const 0x61)) (i32.const 6)) (then (return (i32.sub (local.get $c) (i32.const 0x57)))))
    (i32.const -1))

  ;; The code unit of the 4 hex digits at $at, or -1.
  (func $hex4 (param $at i32) (result i32)
    (local $a i32) (local $b i32) (local $c i32) (local $d i32)
    (local.set $a (call $hex (i32.load8_u (local.get $at))))
    (local.set $b (call $hex (i32.load8_u offset=1 (local.get $at))))
    (local.set $c (call $hex (i32.load8_u offset=2 (local.get $at))))
    (local.set $d (call $hex (i32.load8_u offset=3 (local.get $at))))
    (if (i32.lt_s (i32.or (i32.or (local.get $a) (local.get $b)) (i32.or (local.get $c) (local.get $d))) (i32.const 0)) (then (return (i32.const -1))))
    (i32.or
      (i32.or (i32.shl (local.get $a) (i32.const 12)) (i32.shl (local.get $b) (i32.const 8)))
      (i32.or (i32.shl (local.get $c) (i32.const 4)) (local.get $d))))

  ;; The byte an escape stands for (the byte after the backslash), or -1.
  (func $escaped (param $c i32) (result i32)
    (if (i32.eq (local.get $c) (i32.const 0x6e)) (then (return (i32.const 0x0a)))) ;; \n
    (if (i32.eq (local.get $c) (i32.const 0x22)) (then (return (i32.const 0x22)))) ;; \"
    (if (i32.eq (local.get $c) (i32.const 0x5c)) (then (return (i32.const 0x5c)))) ;; \\
    (if (i32.eq (local.get $c) (i32.const 0x74)) (then (return (i32.const 0x09)))) ;; \t
    (if (i32.eq (local.get $c) (i32.const 0x72)) (then (return (i32.const 0x0d)))) ;; \r
    (if (i32.eq (local.get $c) (i32.const 0x2f)) (then (return (i32.const 0x2f)))) ;; \/
    (if (i32.eq (local.get $c) (i32.const 0x62)) (then (return (i32.const 0x08)))) ;; \b
    (if (i32.eq (local.get $c) (i32.const 0x66)) (then (return (i32.const 0x0c)))) ;; \f
    (i32.const -1))

  (func (export "unescape") (param $n i32) (param $out i32) (result i32)
    (local $i i32) (local $o i32) (local $v v128) (local $m i32) (local $c i32)
    (local.set $o (local.get $out))
    (loop $block
      (local.set $v (v128.load (local.get $i)))
      ;; A lane is special when it is '\', '"', or a control character (below 0x20). Bytes from 0x80
      ;; on are UTF-8 (or not), which the caller decodes: they are copied as they are.
      (local.set $m
        (i8x16.bitmask
          (v128.or
            (v128.or
              (i8x16.eq (local.get $v) (v128.const i8x16 0x5c 0x5c 0x5c 0x5c 0x5c 0x5c 0x5c 0x5c 0x5c 0x5c 0x5c 0x5c 0x5c 0x5c 0x5c 0x5c))
              (i8x16.eq (local.get $v) (v128.const i8x16 0x22 0x22 0x22 0x22 0x22 0x22 0x22 0x22 0x22 0x22 0x22 0x22 0x22 0x22 0x22 0x22)))
            (i8x16.lt_u (local.get $v) (v128.const i8x16 0x20 0x20 0x20 0x20 0x20 0x20 0x20 0x20 0x20 0x20 0x20 0x20 0x20 0x20 0x20 0x20)))))
      ;; The lanes before the first special one are output as they are (the rest is overwritten later).
      (v128.store (local.get $o) (local.get $v))
      (if (i32.eqz (local.get $m))
        (then
          (local.set $i (i32.add (local.get $i) (i32.const 16)))
          (local.set $o (i32.add (local.get $o) (i32.const 16)))
          (br $block)))
      (local.set $c (i32.ctz (local.get $m)))
      (local.set $i (i32.add (local.get $i) (local.get $c)))
      (local.set $o (i32.add (local.get $o) (local.get $c)))
      (local.set $c (i32.load8_u (local.get $i)))
      (if (i32.eq (local.get $c) (i32.const 0x22))
        (then
          (global.set $written (i32.sub (local.get $o) (local.get $out)))
          (return (local.get $i))))
      (if (i32.ne (local.get $c) (i32.const 0x5c)) (then (return (i32.const -1))))
      (local.set $c (i32.load8_u (i32.add (local.get $i) (i32.const 1))))
      (if (i32.eq (local.get $c) (i32.const 0x75)) ;; \u
        (then
          (local.set $c (call $hex4 (i32.add (local.get $i) (i32.const 2))))
          (if (i32.lt_s (local.get $c) (i32.const 0)) (then (return (i32.const -1))))
          ;; Beyond ASCII (surrogates included) is left to JSON.parse.
          (if (i32.ge_u (local.get $c) (i32.const 0x80)) (then (return (i32.const -1))))
          (i32.store8 (local.get $o) (local.get $c))
          (local.set $o (i32.add (local.get $o) (i32.const 1)))
          (local.set $i (i32.add (local.get $i) (i32.const 6)))
          (br $block)))
      (local.set $c (call $escaped (local.get $c)))
      (if (i32.lt_s (local.get $c) (i32.const 0)) (then (return (i32.const -1))))
      (i32.store8 (local.get $o) (local.get $c))
      (local.set $o (i32.add (local.get $o) (i32.const 1)))
      (local.set $i (i32.add (local.get $i) (i32.const 2)))
      (br $block))
    (unreachable))
)
