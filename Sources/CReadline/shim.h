// GNU readline for Swift. readline's headers need <stdio.h> first. Swift 6 refuses to assign
// readline's global hooks directly (shared mutable state), so these setters do it in C.
#include <stdio.h>
#include <readline/readline.h>
#include <readline/history.h>

static inline void quiz_rl_set_attempted_completion(rl_completion_func_t *function) {
    rl_attempted_completion_function = function;
}
static inline void quiz_rl_set_completion_over(int over) { rl_attempted_completion_over = over; }
static inline void quiz_rl_set_display_matches_hook(rl_compdisp_func_t *function) {
    rl_completion_display_matches_hook = function;
}
static inline void quiz_rl_set_signal_event_hook(rl_hook_func_t *function) { rl_signal_event_hook = function; }
/// Names quiz for ~/.inputrc conditionals, and lets codes with dots complete as one word.
static inline void quiz_rl_configure(void) {
    rl_readline_name = "quiz";
    rl_basic_word_break_characters = " \t\n\"'`@$><=;|&{(";
}
static inline void quiz_rl_set_completion_append_character(int character) {
    rl_completion_append_character = character;
}
static inline void quiz_rl_set_event_hook(rl_hook_func_t *function) { rl_event_hook = function; }
static inline void quiz_rl_set_done(int done) { rl_done = done; }
