{
  "targets": [
    {
      "target_name": "crc32c",
      "sources": ["src/addon.cc", "src/crc32c.cc"],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=8", "NAPI_DISABLE_CPP_EXCEPTIONS"],
      "cflags_cc": ["-O3"],
      "conditions": [
        ["target_arch=='x64'", { "cflags_cc": ["-msse4.2"] }],
        ["OS=='mac'", { "xcode_settings": { "OTHER_CPLUSPLUSFLAGS": ["-O3", "-msse4.2"] } }]
      ]
    }
  ]
}
