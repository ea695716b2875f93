#include <napi.h>
#include "xxhash.h"

static Napi::Value Hash64(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsBuffer()) {
    Napi::TypeError::New(env, "expected a Buffer").ThrowAsJavaScriptException();
    return env.Null();
  }
  auto buf = info[0].As<Napi::Buffer<uint8_t>>();
  uint64_t seed = 0;
  if (info.Length() > 1 && info[1].IsBigInt()) {
    bool lossless = false;
    seed = info[1].As<Napi::BigInt>().Uint64Value(&lossless);
  }
  return Napi::BigInt::New(env, XXH64(buf.Data(), buf.Length(), seed));
}

static Napi::Value Hash3(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsBuffer()) {
    Napi::TypeError::New(env, "expected a Buffer").ThrowAsJavaScriptException();
    return env.Null();
  }
  auto buf = info[0].As<Napi::Buffer<uint8_t>>();
  return Napi::BigInt::New(env, XXH3_64bits(buf.Data(), buf.Length()));
}

static Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("xxh64", Napi::Function::New(env, Hash64));
  exports.Set("xxh3", Napi::Function::New(env, Hash3));
  return exports;
}

NODE_API_MODULE(xxhash, Init)
