package storetest

import "testing"

// newsroomTests cover revisions, autosaves, media, jobs and desk lists.
var newsroomTests = map[string]func(*testing.T, *fixture){}
