#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <cmath>
#include <utility>
#include <vector>

namespace py = pybind11;
constexpr double kEarthRadiusKm = 6371.0088;

double haversine(double lat1, double lon1, double lat2, double lon2) {
  auto rad = [](double d) { return d * M_PI / 180.0; };
  double dlat = rad(lat2 - lat1), dlon = rad(lon2 - lon1);
  double a = std::pow(std::sin(dlat / 2), 2) +
             std::cos(rad(lat1)) * std::cos(rad(lat2)) * std::pow(std::sin(dlon / 2), 2);
  return 2 * kEarthRadiusKm * std::asin(std::sqrt(a));
}

bool point_in_polygon(double x, double y, const std::vector<std::pair<double, double>>& poly) {
  bool inside = false;
  for (size_t i = 0, j = poly.size() - 1; i < poly.size(); j = i++) {
    auto [xi, yi] = poly[i];
    auto [xj, yj] = poly[j];
    if (((yi > y) != (yj > y)) && (x < (xj - xi) * (y - yi) / (yj - yi) + xi)) inside = !inside;
  }
  return inside;
}

PYBIND11_MODULE(_core, m) {
  m.def("haversine", &haversine, "Great-circle distance in km");
  m.def("point_in_polygon", &point_in_polygon, "Ray-casting point-in-polygon test");
}
