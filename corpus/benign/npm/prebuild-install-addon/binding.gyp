{
  "targets": [
    {
      "target_name": "xxhash",
      "sources": ["src/binding.cc", "deps/xxhash/xxhash.c"],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")", "deps/xxhash"],
      "defines": ["NAPI_VERSION=8", "NAPI_DISABLE_CPP_EXCEPTIONS", "XXH_INLINE_ALL"],
      "cflags": ["-O3"],
      "xcode_settings": { "OTHER_CFLAGS": ["-O3"] }
    }
  ]
}
