// What Swift cannot import from ncurses by itself: the attribute macros, KEY_F(n), and the
// C globals (stdscr, LINES, COLS, COLORS, stdin/stdout), which Swift 6 would reject as
// shared mutable state. Wide characters need the two defines before the header.
#ifndef CASEBENCH_NCURSES_SHIM_H
#define CASEBENCH_NCURSES_SHIM_H

#define _XOPEN_SOURCE_EXTENDED 1
#define NCURSES_WIDECHAR 1
#include <langinfo.h>
#include <locale.h>
#include <string.h>
#include <signal.h>
#include <termios.h>
#include <unistd.h>
#include <stdio.h>
#include <wchar.h>
#include <ncursesw/ncurses.h>
#include <ncursesw/term.h>

/// Columns a code point takes, for the current locale (declared by <wchar.h> only under
/// _XOPEN_SOURCE, which Swift's C library module does not set).
extern int wcwidth(wchar_t c);
static inline int cb_wcwidth(unsigned int c) { return wcwidth((wchar_t)c); }

/// Whether the current locale's character set is UTF-8.
static inline int cb_locale_is_utf8(void) {
    const char *codeset = nl_langinfo(CODESET);
    return codeset != NULL && (strcmp(codeset, "UTF-8") == 0 || strcmp(codeset, "utf8") == 0);
}

static inline WINDOW *cb_stdscr(void) { return stdscr; }
static inline int cb_lines(void) { return LINES; }
static inline int cb_cols(void) { return COLS; }
static inline int cb_colors(void) { return COLORS; }
static inline int cb_color_pairs(void) { return COLOR_PAIRS; }
static inline FILE *cb_stdin(void) { return stdin; }
static inline FILE *cb_stdout(void) { return stdout; }

static inline attr_t cb_a_normal(void) { return A_NORMAL; }
static inline attr_t cb_a_bold(void) { return A_BOLD; }
static inline attr_t cb_a_dim(void) { return A_DIM; }
static inline attr_t cb_a_underline(void) { return A_UNDERLINE; }
static inline attr_t cb_a_reverse(void) { return A_REVERSE; }
static inline attr_t cb_a_italic(void) { return A_ITALIC; }

static inline int cb_key_f(int n) { return KEY_F0 + n; }

/// Sets attributes and a colour pair (extended pairs pass through `opts`).
static inline int cb_set_style(WINDOW *w, attr_t attrs, int pair) {
    return wattr_set(w, attrs, 0, &pair);
}

/// Draws one character cell: up to a few code points (a base and its combining marks).
static inline int cb_put_cell(WINDOW *w, int y, int x, const wchar_t *text, int count) {
    return mvwaddnwstr(w, y, x, text, count);
}

/// Turns off XON/XOFF flow control, so Ctrl-S and Ctrl-Q reach the program instead of
/// freezing the screen; then records this as ncurses' program mode, so endwin() gives the
/// user's own setting back.
static inline void cb_disable_flow_control(void) {
    struct termios t;
    if (tcgetattr(STDIN_FILENO, &t) == 0) {
        t.c_iflag &= ~(tcflag_t)(IXON | IXOFF);
        tcsetattr(STDIN_FILENO, TCSANOW, &t);
    }
    def_prog_mode();
}

/// On a terminal with no alternate screen (the Linux console, vt100, vt220: no rmcup), endwin()
/// leaves the last frame standing under the shell's prompt; the terminal's own clear string
/// then leaves it empty with the cursor home, as `clear` would. Call after endwin(), while the
/// terminal's description is still loaded.
static inline void cb_clear_without_alternate_screen(void) {
    const char *restore = tigetstr("rmcup");
    if (restore != NULL && restore != (char *)-1) return;
    const char *clear = tigetstr("clear");
    if (clear == NULL || clear == (char *)-1) return;
    putp(clear);
    fflush(stdout);
}

/// Ctrl-Z's signal as the program had it, while another program has the terminal.
typedef struct { struct sigaction tstp; } cb_job_control;

/// While the user's editor runs in the foreground, Ctrl-Z stops the workbench as it stops any
/// program (the default action), not through ncurses' handler, which would draw the screen
/// over the editor's when both are continued. The previous handling goes into `saved`.
static inline void cb_default_job_control(cb_job_control *saved) {
    struct sigaction stop;
    memset(&stop, 0, sizeof stop);
    stop.sa_handler = SIG_DFL;
    sigemptyset(&stop.sa_mask);
    sigaction(SIGTSTP, &stop, &saved->tstp);
}

static inline void cb_restore_job_control(const cb_job_control *saved) {
    sigaction(SIGTSTP, &saved->tstp, NULL);
}

/// Unblocks the signals the workbench depends on: a parent may have started it with them
/// blocked (threads of many runtimes block signals, and spawned children inherit the mask),
/// and then Ctrl-C, kill, a hang-up or a resize would never arrive.
static inline void cb_unblock_signals(void) {
    sigset_t set;
    sigemptyset(&set);
    int signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGWINCH, SIGTSTP, SIGCONT };
    for (unsigned i = 0; i < sizeof signals / sizeof signals[0]; i++) sigaddset(&set, signals[i]);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
}

/// Terminfo describes the cursor keys in one mode (xterm: application mode, ESC O A, which
/// the terminal sends after keypad mode is switched on); a terminal or SSH client that does
/// not honour that switch sends the other mode's ESC [ A. Knowing both, no arrow key ever
/// arrives as Alt-[ and a letter.
static inline void cb_define_cursor_keys(void) {
    define_key("\033[A", KEY_UP);    define_key("\033OA", KEY_UP);
    define_key("\033[B", KEY_DOWN);  define_key("\033OB", KEY_DOWN);
    define_key("\033[C", KEY_RIGHT); define_key("\033OC", KEY_RIGHT);
    define_key("\033[D", KEY_LEFT);  define_key("\033OD", KEY_LEFT);
    define_key("\033[H", KEY_HOME);  define_key("\033OH", KEY_HOME);
    define_key("\033[F", KEY_END);   define_key("\033OF", KEY_END);
    define_key("\033[1~", KEY_HOME); define_key("\033[4~", KEY_END);
}

/// Whether terminfo says the terminal takes 24-bit colour directly (xterm-direct).
static inline int cb_has_direct_color(void) {
    return tigetflag((char *)"RGB") > 0;
}

/// Looks `term` up in the terminfo database as ncurses will when it starts, without starting
/// it: 1 (and the entry's colours: -1 when it names none) when an entry describes it, 0 when
/// none does, -1 when there is no terminfo database at all, 2 for a hardcopy terminal.
static inline int cb_terminfo_colors(const char *term, int *colors) {
    int status = 0;
    if (setupterm(term, STDOUT_FILENO, &status) != OK) return status == 1 ? 2 : status;
    *colors = tigetnum("colors");
    del_curterm(cur_term);
    return 1;
}

#endif
