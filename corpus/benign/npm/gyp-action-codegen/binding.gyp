{
  "targets": [
    {
      "target_name": "ringbuf",
      "sources": ["src/ringbuf.cc"],
      "actions": [
        {
          "action_name": "version_header",
          "inputs": ["src/version.h.in"],
          "outputs": ["src/version.h"],
          "action": ["sh", "-c", "sed s/@VERSION@/0.3.0/ src/version.h.in > src/version.h"]
        }
      ]
    }
  ]
}
