// Entry of the Control UI: registers the custom elements; <claw-app> in index.html does the rest.
import "./app/claw-app.js";
