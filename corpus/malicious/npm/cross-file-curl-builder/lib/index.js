exports.__assign = Object.assign;
