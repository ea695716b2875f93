{
  "targets": [
    {
      "target_name": "<(module_name)",
      "sources": ["src/rtree.cc"],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=<(napi_build_version)", "NAPI_CPP_EXCEPTIONS"],
      "cflags_cc": ["-std=c++17", "-fexceptions"],
      "xcode_settings": { "GCC_ENABLE_CPP_EXCEPTIONS": "YES", "CLANG_CXX_LANGUAGE_STANDARD": "c++17" }
    },
    {
      "target_name": "action_after_build",
      "type": "none",
      "dependencies": ["<(module_name)"],
      "copies": [{ "files": ["<(PRODUCT_DIR)/<(module_name).node"], "destination": "<(module_path)" }]
    }
  ]
}
