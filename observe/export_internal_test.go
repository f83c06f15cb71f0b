package observe

// QueryOf is query, for the external tests.
var QueryOf = query
