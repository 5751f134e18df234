package storetest

import "testing"

// accountTests cover users, sessions, API tokens and sign-in throttling.
var accountTests = map[string]func(*testing.T, *fixture){}
