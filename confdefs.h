/* confdefs.h */
#define PACKAGE_NAME "vigil"
#define PACKAGE_TARNAME "vigil"
#define PACKAGE_VERSION "0.1.0"
#define PACKAGE_STRING "vigil 0.1.0"
#define PACKAGE_BUGREPORT ""
#define PACKAGE_URL ""
#define HAVE_LIBMARIADB 1
