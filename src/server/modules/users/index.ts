/** Staff accounts: roles, invitations, first run, password resets, two-factor settings. */
export { checkPasswordPolicy, hashPassword, verifyPassword } from './passwords.ts';
export { usersRoutes } from './users.routes.ts';
export { createUsersService, type SendMail, type StaffAccount, type UsersService } from './users.service.ts';
