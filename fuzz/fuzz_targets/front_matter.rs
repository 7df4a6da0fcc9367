#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| bayan::fuzzing::front_matter(data));
