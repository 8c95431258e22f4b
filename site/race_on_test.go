//go:build race

package site_test

// raceDetector slows everything down several times over.
const raceDetector = true
