package route

// Explain sets Why on each itinerary of an answer, as Search does.
var Explain = explain
