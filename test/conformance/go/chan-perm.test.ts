/**
 * Port of Go 1.19's test/chan/perm.go, an "errorcheck" test: programs using
 * send-only (`chan<- T`) and receive-only (`<-chan T`) channel types wrongly
 * must not compile. spindle's Channel is one object for both ends, with no
 * direction in its type, so there is nothing to port.
 */
describe("test/chan/perm.go", () => {
  it.skip("main: Go-only, compile-time checks of directional channel types (spindle's Channel has no send-only or receive-only type)", () => {});
});
