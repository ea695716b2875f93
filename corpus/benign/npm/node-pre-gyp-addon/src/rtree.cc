#include <napi.h>
#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>
#include <vector>

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;
using Point = bg::model::point<double, 2, bg::cs::cartesian>;
using Box = bg::model::box<Point>;
using Value = std::pair<Box, uint32_t>;

class RTree : public Napi::ObjectWrap<RTree> {
 public:
  static Napi::Object Init(Napi::Env env, Napi::Object exports) {
    Napi::Function ctor = DefineClass(env, "RTree", {
      InstanceMethod("insert", &RTree::Insert),
      InstanceMethod("search", &RTree::Search),
    });
    exports.Set("RTree", ctor);
    return exports;
  }
  explicit RTree(const Napi::CallbackInfo& info) : Napi::ObjectWrap<RTree>(info) {}

 private:
  bgi::rtree<Value, bgi::quadratic<16>> tree_;

  Napi::Value Insert(const Napi::CallbackInfo& info) {
    Box b(Point(info[0].As<Napi::Number>(), info[1].As<Napi::Number>()),
          Point(info[2].As<Napi::Number>(), info[3].As<Napi::Number>()));
    tree_.insert({b, info[4].As<Napi::Number>().Uint32Value()});
    return info.Env().Undefined();
  }

  Napi::Value Search(const Napi::CallbackInfo& info) {
    Box q(Point(info[0].As<Napi::Number>(), info[1].As<Napi::Number>()),
          Point(info[2].As<Napi::Number>(), info[3].As<Napi::Number>()));
    std::vector<Value> hits;
    tree_.query(bgi::intersects(q), std::back_inserter(hits));
    Napi::Array out = Napi::Array::New(info.Env(), hits.size());
    for (size_t i = 0; i < hits.size(); ++i) out[i] = hits[i].second;
    return out;
  }
};

Napi::Object InitAll(Napi::Env env, Napi::Object exports) { return RTree::Init(env, exports); }
NODE_API_MODULE(NODE_GYP_MODULE_NAME, InitAll)
