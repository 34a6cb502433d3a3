/* install.h: registering the host with browsers (`postcheck install`,
 * `uninstall`, `doctor`). Implemented in host/install.c. */
#ifndef POSTCHECK_INSTALL_H
#define POSTCHECK_INSTALL_H

/* Runs one of the subcommands "install", "uninstall" or "doctor".
 * argv[0] is the subcommand name, argv[1..argc-1] its options.
 * Writes its report to stdout and errors to stderr. Returns the process
 * exit status: 0 success, 1 a problem found or an operation failed,
 * 2 usage error. */
int pc_install_main(int argc, char **argv);

#endif
