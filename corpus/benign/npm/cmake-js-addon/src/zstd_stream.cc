#include <napi.h>
#include <zstd.h>

static Napi::Value Compress(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto input = info[0].As<Napi::Buffer<uint8_t>>();
  int level = info.Length() > 1 ? info[1].As<Napi::Number>().Int32Value() : 3;
  size_t bound = ZSTD_compressBound(input.Length());
  auto out = Napi::Buffer<uint8_t>::New(env, bound);
  size_t n = ZSTD_compress(out.Data(), bound, input.Data(), input.Length(), level);
  if (ZSTD_isError(n)) {
    Napi::Error::New(env, ZSTD_getErrorName(n)).ThrowAsJavaScriptException();
    return env.Null();
  }
  return Napi::Buffer<uint8_t>::Copy(env, out.Data(), n);
}

static Napi::Value Decompress(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto input = info[0].As<Napi::Buffer<uint8_t>>();
  unsigned long long size = ZSTD_getFrameContentSize(input.Data(), input.Length());
  if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN) {
    Napi::Error::New(env, "unknown frame size").ThrowAsJavaScriptException();
    return env.Null();
  }
  auto out = Napi::Buffer<uint8_t>::New(env, size);
  size_t n = ZSTD_decompress(out.Data(), size, input.Data(), input.Length());
  if (ZSTD_isError(n)) {
    Napi::Error::New(env, ZSTD_getErrorName(n)).ThrowAsJavaScriptException();
    return env.Null();
  }
  return out;
}

static Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("compress", Napi::Function::New(env, Compress));
  exports.Set("decompress", Napi::Function::New(env, Decompress));
  return exports;
}

NODE_API_MODULE(zstd_stream_native, Init)
