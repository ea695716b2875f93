'use strict';
const path = require('path');
const binary = require('@mapbox/node-pre-gyp');

const bindingPath = binary.find(path.resolve(path.join(__dirname, '..', 'package.json')));
const { RTree } = require(bindingPath);

class SpatialIndex {
  constructor() {
    this._tree = new RTree();
    this._items = [];
  }

  /** Insert `item` with bounding box [minX, minY, maxX, maxY]. */
  insert(bbox, item) {
    const id = this._items.push(item) - 1;
    this._tree.insert(bbox[0], bbox[1], bbox[2], bbox[3], id);
    return this;
  }

  /** Items whose boxes intersect `bbox`. */
  search(bbox) {
    return this._tree.search(bbox[0], bbox[1], bbox[2], bbox[3]).map((id) => this._items[id]);
  }
}

module.exports = { SpatialIndex };
