// calc: a line-oriented calculator. Each line of standard input is an expression over decimal
// numbers with + - * / % ^, parentheses and unary minus, or an assignment `name = expression`;
// names defined earlier can be used later. Prints each result, or an error naming the column.
// Exit status: the number of lines that had errors (at most 125).

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#define MAX_VARIABLES 64

struct variable {
    char name[32];
    double value;
};

static struct variable variables[MAX_VARIABLES];
static int variable_count;

static const char* text;
static const char* start;
static const char* error;

static double expression(void);

static void skip_spaces(void) {
    while (*text == ' ' || *text == '\t')
        ++text;
}

static void fail(const char* why) {
    if (!error)
        error = why;
}

static struct variable* lookup(const char* name, size_t length) {
    for (int i = 0; i < variable_count; ++i) {
        if (strlen(variables[i].name) == length && strncmp(variables[i].name, name, length) == 0)
            return &variables[i];
    }
    return NULL;
}

static double primary(void) {
    skip_spaces();
    if (*text == '(') {
        ++text;
        double value = expression();
        skip_spaces();
        if (*text != ')')
            fail("expected ')'");
        else
            ++text;
        return value;
    }
    if (*text == '-') {
        ++text;
        return -primary();
    }
    if (isdigit((unsigned char)*text) || *text == '.') {
        double value = 0;
        while (isdigit((unsigned char)*text))
            value = value * 10 + (*text++ - '0');
        if (*text == '.') {
            double scale = 0.1;
            for (++text; isdigit((unsigned char)*text); ++text, scale /= 10)
                value += (*text - '0') * scale;
        }
        return value;
    }
    if (isalpha((unsigned char)*text)) {
        const char* name = text;
        while (isalnum((unsigned char)*text) || *text == '_')
            ++text;
        struct variable* found = lookup(name, (size_t)(text - name));
        if (!found)
            fail("unknown name");
        return found ? found->value : 0;
    }
    fail("expected a number");
    return 0;
}

static double power(void) {
    double base = primary();
    skip_spaces();
    if (*text == '^') {
        ++text;
        return pow(base, power()); // right associative
    }
    return base;
}

static double term(void) {
    double value = power();
    for (;;) {
        skip_spaces();
        char op = *text;
        if (op != '*' && op != '/' && op != '%')
            return value;
        ++text;
        double right = power();
        if ((op == '/' || op == '%') && right == 0) {
            fail("division by zero");
            return 0;
        }
        value = op == '*' ? value * right : op == '/' ? value / right : fmod(value, right);
    }
}

static double expression(void) {
    double value = term();
    for (;;) {
        skip_spaces();
        char op = *text;
        if (op != '+' && op != '-')
            return value;
        ++text;
        double right = term();
        value = op == '+' ? value + right : value - right;
    }
}

// Assignment: a name, '=', an expression.
static int assignment(char* name, size_t capacity) {
    const char* at = text;
    while (*at == ' ')
        ++at;
    const char* begin = at;
    if (!isalpha((unsigned char)*at))
        return 0;
    while (isalnum((unsigned char)*at) || *at == '_')
        ++at;
    size_t length = (size_t)(at - begin);
    while (*at == ' ')
        ++at;
    if (*at != '=' || length >= capacity)
        return 0;
    memcpy(name, begin, length);
    name[length] = '\0';
    text = at + 1;
    return 1;
}

int main(void) {
    char line[512];
    int errors = 0;
    while (fgets(line, sizeof line, stdin)) {
        line[strcspn(line, "\n")] = '\0';
        text = start = line;
        error = NULL;
        skip_spaces();
        if (*text == '\0' || *text == '#')
            continue;
        char name[32];
        int assigning = assignment(name, sizeof name);
        double value = expression();
        skip_spaces();
        if (!error && *text != '\0')
            fail("unexpected character");
        if (error) {
            printf("error at column %d: %s\n", (int)(text - start) + 1, error);
            ++errors;
            continue;
        }
        if (assigning) {
            struct variable* found = lookup(name, strlen(name));
            if (!found && variable_count < MAX_VARIABLES) {
                found = &variables[variable_count++];
                strcpy(found->name, name);
            }
            if (!found) {
                printf("error: too many names\n");
                ++errors;
                continue;
            }
            found->value = value;
            printf("%s = %.10g\n", name, value);
        } else {
            printf("%.10g\n", value);
        }
    }
    return errors > 125 ? 125 : errors;
}
