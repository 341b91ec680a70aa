#!/bin/sh
build_release() {
  echo building
}
