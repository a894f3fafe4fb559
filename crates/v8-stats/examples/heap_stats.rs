//! Prints Node-shaped statistics of a fresh isolate as JSON, the same shapes
//! as `JSON.stringify(v8.getHeapStatistics())` etc. in Node.
//!
//! `cargo run -p v8-stats --example heap_stats`

fn main() {
    v8_host::init();
    let mut isolate = v8::Isolate::new(Default::default());
    let report = serde_json::json!({
        "heapStatistics": v8_stats::heap_statistics(&mut isolate),
        "heapSpaceStatistics": v8_stats::heap_space_statistics(&mut isolate),
        "heapCodeStatistics": v8_stats::heap_code_statistics(&mut isolate),
        "cppHeapStatistics": v8_stats::cpp_heap_statistics(&mut isolate, v8_stats::DetailLevel::Brief).ok(),
        "cachedDataVersionTag": v8_stats::cached_data_version_tag(),
    });
    println!(
        "{}",
        serde_json::to_string_pretty(&report).expect("plain data serializes")
    );
}
